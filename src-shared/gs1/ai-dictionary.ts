/**
 * The GS1 Application Identifier table as data: one row per AI or AI range.
 *
 * Source: GS1 General Specifications §3.2 (Figure 3.2-1, "GS1 Application Identifiers in
 * numerical order") with the component breakdown, content checks and pairing rules of the GS1
 * Barcode Syntax Dictionary (GS1 Barcode Syntax Resource, Apache-2.0). Written as text so that a
 * reviewer can hold it beside those tables line by line; ai-table.ts parses it once at load and
 * its test pins the shape of every family.
 *
 * Columns, separated by "|":
 *   AI or range  |  "*" when the length is predefined (no FNC1 after it, GenSpecs Figure 7.8.5-2)
 *   |  components: type + length ("N6", "X..20", "[N..12]" optional), then ",linter" checks
 *   |  data title  |  pairing rules: "req=01,02" (one of them must be present; "+" joins AIs that
 *   must appear together, "nn"/"n" are digit wildcards), "ex=..." (must not appear with)
 *
 * Types: N digits, X set 82, Y set 39, Z set 64 (GenSpecs §7.11).
 */
export const AI_DICTIONARY = `
00        |*| N18,csum                         | SSCC                         |
01        |*| N14,csum                         | GTIN                         | ex=255,37
02        |*| N14,csum                         | CONTENT                      | ex=01,03 req=37
03        |*| N14,csum                         | MTO GTIN                     | ex=01,02,37
10        | | X..20                            | BATCH/LOT                    | req=01,02,03,8006,8026
11        |*| N6,yymmd0                        | PROD DATE                    | req=01,02,03,8006,8026
12        |*| N6,yymmd0                        | DUE DATE                     | req=8020
13        |*| N6,yymmd0                        | PACK DATE                    | req=01,02,03,8006,8026
15        |*| N6,yymmd0                        | BEST BEFORE or BEST BY       | req=01,02,03,8006,8026
16        |*| N6,yymmd0                        | SELL BY                      | req=01,02,03,8006,8026
17        |*| N6,yymmd0                        | USE BY or EXPIRY             | req=01,02,03,255,8006,8026
20        |*| N2                               | VARIANT                      | req=01,02,8006,8026
21        | | X..20                            | SERIAL                       | req=01,03,8006 ex=235
22        | | X..20                            | CPV                          | req=01
235       | | X..28                            | TPX                          | req=01
240       | | X..30                            | ADDITIONAL ID                | req=01,02,8006,8026
241       | | X..30                            | CUST. PART No.               | req=01,02,8006,8026
242       | | N..6                             | MTO VARIANT                  | req=01,02,8006,8026
243       | | X..20                            | PCN                          | req=01
250       | | X..30                            | SECONDARY SERIAL             | req=01,8006 req=21
251       | | X..30                            | REF. TO SOURCE               | req=01,8006
253       | | N13,csum [X..17]                 | GDTI                         |
254       | | X..20                            | GLN EXTENSION COMPONENT      | req=414
255       | | N13,csum [N..12]                 | GCN                          | ex=01,02,415,8006,8020,8026
30        | | N..8                             | VAR. COUNT                   | req=01,02
3100-3105 |*| N6                               | NET WEIGHT (kg)              | req=01,02 ex=310n
3110-3115 |*| N6                               | LENGTH (m)                   | req=01,02 ex=311n
3120-3125 |*| N6                               | WIDTH (m)                    | req=01,02 ex=312n
3130-3135 |*| N6                               | HEIGHT (m)                   | req=01,02 ex=313n
3140-3145 |*| N6                               | AREA (m²)                    | req=01,02 ex=314n
3150-3155 |*| N6                               | NET VOLUME (l)               | req=01,02 ex=315n
3160-3165 |*| N6                               | NET VOLUME (m³)              | req=01,02 ex=316n
3200-3205 |*| N6                               | NET WEIGHT (lb)              | req=01,02 ex=320n
3210-3215 |*| N6                               | LENGTH (in)                  | req=01,02 ex=321n
3220-3225 |*| N6                               | LENGTH (ft)                  | req=01,02 ex=322n
3230-3235 |*| N6                               | LENGTH (yd)                  | req=01,02 ex=323n
3240-3245 |*| N6                               | WIDTH (in)                   | req=01,02 ex=324n
3250-3255 |*| N6                               | WIDTH (ft)                   | req=01,02 ex=325n
3260-3265 |*| N6                               | WIDTH (yd)                   | req=01,02 ex=326n
3270-3275 |*| N6                               | HEIGHT (in)                  | req=01,02 ex=327n
3280-3285 |*| N6                               | HEIGHT (ft)                  | req=01,02 ex=328n
3290-3295 |*| N6                               | HEIGHT (yd)                  | req=01,02 ex=329n
3300-3305 |*| N6                               | GROSS WEIGHT (kg)            | req=00,01 ex=330n
3310-3315 |*| N6                               | LENGTH (m), log              | req=00,01 ex=331n
3320-3325 |*| N6                               | WIDTH (m), log               | req=00,01 ex=332n
3330-3335 |*| N6                               | HEIGHT (m), log              | req=00,01 ex=333n
3340-3345 |*| N6                               | AREA (m²), log               | req=00,01 ex=334n
3350-3355 |*| N6                               | VOLUME (l), log              | req=00,01 ex=335n
3360-3365 |*| N6                               | VOLUME (m³), log             | req=00,01 ex=336n
3370-3375 |*| N6                               | KG PER m²                    | req=01 ex=337n
3400-3405 |*| N6                               | GROSS WEIGHT (lb)            | req=00,01 ex=340n
3410-3415 |*| N6                               | LENGTH (in), log             | req=00,01 ex=341n
3420-3425 |*| N6                               | LENGTH (ft), log             | req=00,01 ex=342n
3430-3435 |*| N6                               | LENGTH (yd), log             | req=00,01 ex=343n
3440-3445 |*| N6                               | WIDTH (in), log              | req=00,01 ex=344n
3450-3455 |*| N6                               | WIDTH (ft), log              | req=00,01 ex=345n
3460-3465 |*| N6                               | WIDTH (yd), log              | req=00,01 ex=346n
3470-3475 |*| N6                               | HEIGHT (in), log             | req=00,01 ex=347n
3480-3485 |*| N6                               | HEIGHT (ft), log             | req=00,01 ex=348n
3490-3495 |*| N6                               | HEIGHT (yd), log             | req=00,01 ex=349n
3500-3505 |*| N6                               | AREA (in²)                   | req=01,02 ex=350n
3510-3515 |*| N6                               | AREA (ft²)                   | req=01,02 ex=351n
3520-3525 |*| N6                               | AREA (yd²)                   | req=01,02 ex=352n
3530-3535 |*| N6                               | AREA (in²), log              | req=00,01 ex=353n
3540-3545 |*| N6                               | AREA (ft²), log              | req=00,01 ex=354n
3550-3555 |*| N6                               | AREA (yd²), log              | req=00,01 ex=355n
3560-3565 |*| N6                               | NET WEIGHT (t oz)            | req=01,02 ex=356n
3570-3575 |*| N6                               | NET VOLUME (oz)              | req=01,02 ex=357n
3600-3605 |*| N6                               | NET VOLUME (qt)              | req=01,02 ex=360n
3610-3615 |*| N6                               | NET VOLUME (gal.)            | req=01,02 ex=361n
3620-3625 |*| N6                               | VOLUME (qt), log             | req=00,01 ex=362n
3630-3635 |*| N6                               | VOLUME (gal.), log           | req=00,01 ex=363n
3640-3645 |*| N6                               | VOLUME (in³)                 | req=01,02 ex=364n
3650-3655 |*| N6                               | VOLUME (ft³)                 | req=01,02 ex=365n
3660-3665 |*| N6                               | VOLUME (yd³)                 | req=01,02 ex=366n
3670-3675 |*| N6                               | VOLUME (in³), log            | req=00,01 ex=367n
3680-3685 |*| N6                               | VOLUME (ft³), log            | req=00,01 ex=368n
3690-3695 |*| N6                               | VOLUME (yd³), log            | req=00,01 ex=369n
37        | | N..8                             | COUNT                        | req=00 req=02,8026
3900-3909 | | N..15                            | AMOUNT                       | req=255,8020 ex=390n,391n,394n,8111
3910-3919 | | N3,iso4217 N..15                 | AMOUNT                       | req=8020 ex=391n
3920-3929 | | N..15                            | PRICE                        | req=01 req=30,31nn,32nn,35nn,36nn ex=392n,393n
3930-3939 | | N3,iso4217 N..15                 | PRICE                        | req=30,31nn,32nn,35nn,36nn ex=393n
3940-3943 | | N4                               | PRCNT OFF                    | req=255 ex=394n,8111
3950-3955 | | N6                               | PRICE/UoM                    | req=30,31nn,32nn,35nn,36nn ex=392n,393n,395n,8005
400       | | X..30                            | ORDER NUMBER                 |
401       | | X..30                            | GINC                         |
402       | | N17,csum                         | GSIN                         |
403       | | X..30                            | ROUTE                        | req=00
410       |*| N13,csum                         | SHIP TO LOC                  |
411       |*| N13,csum                         | BILL TO                      |
412       |*| N13,csum                         | PURCHASE FROM                |
413       |*| N13,csum                         | SHIP FOR LOC                 |
414       |*| N13,csum                         | LOC No.                      |
415       |*| N13,csum                         | PAY TO                       | req=8020
416       |*| N13,csum                         | PROD/SERV LOC                |
417       |*| N13,csum                         | PARTY                        |
420       | | X..20                            | SHIP TO POST                 | ex=421
421       | | N3,iso3166 X..9                  | SHIP TO POST                 | ex=4307
422       | | N3,iso3166                       | ORIGIN                       | req=01,02,8006,8026 ex=426
423       | | N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 | COUNTRY - INITIAL PROCESS | req=01,02 ex=426
424       | | N3,iso3166                       | COUNTRY - PROCESS            | req=01,02 ex=426
425       | | N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 | COUNTRY - DISASSEMBLY | req=01,02 ex=426
426       | | N3,iso3166                       | COUNTRY - FULL PROCESS       | req=01,02
427       | | X..3                             | ORIGIN SUBDIVISION           | req=01,02 req=422
4300      | | X..35,pcenc                      | SHIP TO COMP                 | req=00
4301      | | X..35,pcenc                      | SHIP TO NAME                 | req=00
4302      | | X..70,pcenc                      | SHIP TO ADD1                 | req=00
4303      | | X..70,pcenc                      | SHIP TO ADD2                 | req=4302
4304      | | X..70,pcenc                      | SHIP TO SUB                  | req=00
4305      | | X..70,pcenc                      | SHIP TO LOC                  | req=00
4306      | | X..70,pcenc                      | SHIP TO REG                  | req=00
4307      | | X2,iso3166alpha2                 | SHIP TO COUNTRY              | req=00
4308      | | X..30                            | SHIP TO PHONE                | req=00
4309      | | N10,latitude N10,longitude       | SHIP TO GEO                  | req=00
4310      | | X..35,pcenc                      | RTN TO COMP                  | req=00
4311      | | X..35,pcenc                      | RTN TO NAME                  | req=00
4312      | | X..70,pcenc                      | RTN TO ADD1                  | req=00
4313      | | X..70,pcenc                      | RTN TO ADD2                  | req=4312
4314      | | X..70,pcenc                      | RTN TO SUB                   | req=00
4315      | | X..70,pcenc                      | RTN TO LOC                   | req=00
4316      | | X..70,pcenc                      | RTN TO REG                   | req=00
4317      | | X2,iso3166alpha2                 | RTN TO COUNTRY               | req=00
4318      | | X..20                            | RTN TO POST                  | req=00
4319      | | X..30                            | RTN TO PHONE                 | req=00
4320      | | X..35,pcenc                      | SRV DESCRIPTION              | req=00
4321      | | N1,yesno                         | DANGEROUS GOODS              | req=00
4322      | | N1,yesno                         | AUTH TO LEAVE                | req=00
4323      | | N1,yesno                         | SIG REQUIRED                 | req=00
4324      | | N6,yymmd0 N4,hhmi                | NOT BEF DEL DT               | req=00
4325      | | N6,yymmd0 N4,hhmi                | NOT AFT DEL DT               | req=00
4326      | | N6,yymmdd                        | REL DATE                     | req=00
4330      | | N6 [X1],hyphen                   | MAX TEMP F.                  | req=00 ex=4331
4331      | | N6 [X1],hyphen                   | MAX TEMP C.                  | req=00 ex=4330
4332      | | N6 [X1],hyphen                   | MIN TEMP F.                  | req=00 ex=4333
4333      | | N6 [X1],hyphen                   | MIN TEMP C.                  | req=00 ex=4332
7001      | | N13                              | NSN                          | req=01,02,8006,8026
7002      | | X..30                            | MEAT CUT                     | req=01,02
7003      | | N6,yymmdd N4,hhmi                | EXPIRY TIME                  | req=01,02
7004      | | N..4                             | ACTIVE POTENCY               | req=01 req=10
7005      | | X..12                            | CATCH AREA                   | req=01,02
7006      | | N6,yymmdd                        | FIRST FREEZE DATE            | req=01,02
7007      | | N6,yymmdd [N6],yymmdd            | HARVEST DATE                 | req=01,02
7008      | | X..3                             | AQUATIC SPECIES              | req=01,02
7009      | | X..10                            | FISHING GEAR TYPE            | req=01,02
7010      | | X..2                             | PROD METHOD                  | req=01,02
7011      | | N6,yymmdd [N4],hhmi              | TEST BY DATE                 | req=01,02
7020      | | X..20                            | REFURB LOT                   | req=01,8006 req=416
7021      | | X..20                            | FUNC STAT                    | req=01,8006
7022      | | X..20                            | REV STAT                     | req=7021
7023      | | X..30                            | GIAI - ASSEMBLY              |
7030-7039 | | N3,iso3166999 X..27              | PROCESSOR # {n}              | req=01,02
7040      | | N1 X1 X1 X1,importeridx          | UIC+EXT                      |
7041      | | X..4                             | UFRGT UNIT TYPE              | req=00
710       | | X..20                            | NHRN PZN                     | req=01
711       | | X..20                            | NHRN CIP                     | req=01
712       | | X..20                            | NHRN CN                      | req=01
713       | | X..20                            | NHRN DRN                     | req=01
714       | | X..20                            | NHRN AIM                     | req=01
715       | | X..20                            | NHRN NDC                     | req=01
716       | | X..20                            | NHRN AIC                     | req=01
7230-7239 | | X2 X..28                         | CERT # {n+1}                 | req=01,8004
7240      | | X..20                            | PROTOCOL                     | req=01,8006
7241      | | N2,mediatype                     | AIDC MEDIA TYPE              | req=8017,8018
7242      | | X..25                            | VCN                          | req=8017,8018
7250      | | N8,yyyymmdd                      | DOB                          | req=8018 ex=7251
7251      | | N8,yyyymmdd N4,hhmi              | DOB TIME                     | req=8018 ex=7250
7252      | | N1,iso5218                       | BIO SEX                      | req=8018
7253      | | X..40,pcenc                      | FAMILY NAME                  | req=8017,8018 ex=7256,7259
7254      | | X..40,pcenc                      | GIVEN NAME                   | req=8017,8018 ex=7256,7259
7255      | | X..10                            | SUFFIX                       | req=8017,8018 ex=7256,7259
7256      | | X..90,pcenc                      | FULL NAME                    | req=8017,8018
7257      | | X..70,pcenc                      | PERSON ADDR                  | req=8018
7258      | | X3,posinseqslash                 | BIRTH SEQUENCE               | req=8018+7259
7259      | | X..40,pcenc                      | BABY                         | req=8018 ex=7256
8001      | | N4,nonzero N5,nonzero N3,nonzero N1,winding N1 | DIMENSIONS   | req=01
8002      | | X..20                            | CMT No.                      |
8003      | | N1,zero N13,csum [X..16]         | GRAI                         |
8004      | | X..30                            | GIAI                         |
8005      | | N6                               | PRICE PER UNIT               | req=01,02
8006      | | N14,csum N4,pieceoftotal         | ITIP                         | ex=01,37
8007      | | X..34,iban                       | IBAN                         | req=415
8008      | | N6,yymmdd N2,hh [N2],mi [N2],ss  | PROD TIME                    | req=01,02
8009      | | X..50                            | OPTSEN                       | req=00,01
8010      | | Y..30                            | CPID                         |
8011      | | N..12,nozeroprefix               | CPID SERIAL                  | req=8010
8012      | | X..20                            | VERSION                      | req=01,8006
8013      | | X..25,csumalpha                  | GMN                          |
8014      | | X..25,csumalpha,hasnondigit      | MUDI                         | req=01
8017      | | N18,csum                         | GSRN - PROVIDER              | ex=8018
8018      | | N18,csum                         | GSRN - RECIPIENT             | ex=8017
8019      | | N..10                            | SRIN                         | req=8017,8018
8020      | | X..25                            | REF No.                      | req=415
8026      | | N14,csum N4,pieceoftotal         | ITIP CONTENT                 | req=37 ex=02,8006
8030      | | Z..90                            | DIGSIG                       | req=00,01+21,253,255,8003,8004,8006+21,8010+8011,8017,8018
8110      | | X..70                            | COUPON CODE (NORTH AMERICA)  |
8111      | | N4                               | POINTS                       | req=255
8112      | | X..70                            | PAPERLESS COUPON (NORTH AMERICA) |
8200      | | X..70                            | PRODUCT URL                  | req=01
90        | | X..30                            | INTERNAL                     |
91-99     | | X..90                            | INTERNAL                     |
`;

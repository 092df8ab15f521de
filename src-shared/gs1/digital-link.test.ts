/**
 * GS1 Digital Link URIs as QR codes carry them (issue 18 item 6). Vectors marked "standard"
 * are the examples of the GS1 Digital Link URI Syntax standard as the GS1 Barcode Syntax
 * Engine's test suite lists them (src/c-lib/dl.c); the others are ours.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.ts';
import { parseBarcode } from './parse-barcode.ts';

const parse = (s: string) => parseBarcode(s, { referenceYear: 2026 });
/** The scan as a bracketed element string, or the refusal's code. */
const hri = (s: string): string => {
  const r = parse(s);
  return r.ok ? r.value.hri! : r.error.code;
};

describe('GS1 Digital Link URIs: accepted as the standard defines', () => {
  it.each([
    // standard: the examples of the URI syntax
    ['https://id.gs1.org/01/09520123456788', '(01)09520123456788'],
    ['https://brand.example.com/01/9520123456788', '(01)09520123456788'],
    ['https://brand.example.com/some-extra/pathinfo/01/9520123456788', '(01)09520123456788'],
    ['https://id.gs1.org/01/09520123456788/22/2A', '(01)09520123456788(22)2A'],
    ['https://id.gs1.org/01/09520123456788/10/ABC123', '(01)09520123456788(10)ABC123'],
    ['https://id.gs1.org/01/09520123456788/21/12345', '(01)09520123456788(21)12345'],
    ['https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426', '(01)09520123456788(10)ABC1(21)12345(17)180426'],
    ['https://id.gs1.org/01/09520123456788?3103=000195', '(01)09520123456788(3103)000195'],
    ['https://example.com/01/9520123456788?3103=000195&3922=0299&17=201225', '(01)09520123456788(3103)000195(3922)0299(17)201225'],
    ['https://id.gs1.org/00/952012345678912345', '(00)952012345678912345'],
    ['https://id.gs1.org/00/952012345678912345?02=09520123456788&37=25&10=ABC123', '(00)952012345678912345(02)09520123456788(37)25(10)ABC123'],
    ['https://id.gs1.org/414/9520123456788', '(414)9520123456788'],
    ['https://id.gs1.org/414/9520123456788/254/32a%2Fb', '(414)9520123456788(254)32a/b'],
    ['https://example.com/8004/9520614141234567?01=9520123456788', '(8004)9520614141234567(01)09520123456788'],
    ['https://id.gs1.org/01/09520123456788/235/XYZ?10=ABC123', '(01)09520123456788(235)XYZ(10)ABC123'],
    // standard (syntax engine): custom stems, schemes, fragments, query noise
    ['HTTPS://a/00/006141411234567890', '(00)006141411234567890'],
    ['https://a/00/faux/00/006141411234567890', '(00)006141411234567890'],
    ['https://a:65535/01/12312312312333', '(01)12312312312333'],
    ['https://[2001:db8::1]/01/12312312312333', '(01)12312312312333'],
    ['https://a/01/12312312312333/22/TEST/10/ABC/21/XYZ', '(01)12312312312333(22)TEST(10)ABC(21)XYZ'],
    ['https://a/8018/123456789012345675/8019/123', '(8018)123456789012345675(8019)123'],
    ['https://a/stem/00/006141411234567890?', '(00)006141411234567890'],
    ['https://a/01/12312312312333?&&&99=ABC&&&&&&98=XYZ&&&', '(01)12312312312333(99)ABC(98)XYZ'],
    ['https://a/01/12312312312333?singleton1&unknown1=555&99=ABC&singleton2&98=XYZ', '(01)12312312312333(99)ABC(98)XYZ'],
    ['https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ%2f987', '(01)12312312312333(22)ABC-123(99)ABC(98)XYZ/987'],
    ['https://a/01/12312312312333/22/ABC+123?99=ABC&98=XYZ%2f987', '(01)12312312312333(22)ABC+123(99)ABC(98)XYZ/987'],
    ['https://a/01/12312312312333/22/test/10/abc/21/xyz#fragment', '(01)12312312312333(22)test(10)abc(21)xyz'],
    // ours: a plant's own domain and stem, utm noise, a convenience alpha of DL 1.1
    ['https://qr.pharma-supplier.cn/c/v2/01/09501101530003/10/LOT%2F7?17=270131&utm_source=label', '(01)09501101530003(10)LOT/7(17)270131'],
    ['https://example.com/gtin/09501101530003/lot/L1', '(01)09501101530003(10)L1'],
  ])('%s', (uri, want) => {
    expect(hri(uri)).toBe(want);
  });

  it('gives the summary a container check needs: GTIN, lot, expiry with day 00, the stem', () => {
    const r = parse('https://qr.example.cn/products/01/09501101530003/10/B-42?17=270200');
    expect(r.ok && r.value).toMatchObject({ kind: 'gs1', gtin: '09501101530003', lot: 'B-42', expiry: '2027-02-28', digitalLink: { stem: 'https://qr.example.cn/products' } });
    const first = r.ok ? r.value.elements[0]! : null;
    expect(first?.position).toBe('https://qr.example.cn/products/'.length); // where "01" starts in the scan
  });
});

describe('GS1 Digital Link URIs: refused with a typed code and a position', () => {
  it.each([
    // standard (syntax engine)
    ['HtTp://a/b/00/006141411234567890', 'BARCODE_BAD_DIGITAL_LINK'], // mixed-case scheme
    ['https://00/006141411234567890', 'BARCODE_BAD_DIGITAL_LINK'], // no domain: "00" is the domain, no key follows
    ['https://$a/00/006141411234567890', 'BARCODE_BAD_DIGITAL_LINK'],
    ['http://a/b', 'BARCODE_BAD_DIGITAL_LINK'],
    ['https://a/stem/00/006141411234567890/', 'BARCODE_BAD_DIGITAL_LINK'], // ends in "/"
    ['https://a/01/12312312312333?99=', 'BARCODE_BAD_DIGITAL_LINK'], // empty attribute value
    ['https://a/01/12312312312333?99=ABC&999=faux', 'BARCODE_UNKNOWN_AI'], // numeric name that is no AI
    ['https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ+987', 'BARCODE_BAD_CHARACTER'], // "+" is a blank in the query
    ['https://example.com/01/09520123456788?10=ABC123', 'BARCODE_BAD_DIGITAL_LINK'], // qualifier in the query
    ['https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&10=ABC123', 'BARCODE_DUPLICATE_AI'],
    ['https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&99=XYZ789', 'BARCODE_DUPLICATE_AI'],
    ['https://a/253/1231231231232TEST56789012345678', 'BARCODE_BAD_LENGTH'],
    // ours
    ['https://a/01/12312312312333/21/X/10/Y', 'BARCODE_BAD_DIGITAL_LINK'], // qualifiers out of order
    ['https://a/00/006141411234567890/10/L1', 'BARCODE_BAD_DIGITAL_LINK'], // SSCC takes no qualifiers
    ['https://a/01/12312312312334', 'BARCODE_BAD_CHECK_DIGIT'],
    ['https://a/01/950110153000', 'BARCODE_BAD_CHECK_DIGIT'], // GTIN-12 widened, check digit still checked
    ['https://a/01/0950110153000', 'BARCODE_BAD_CHECK_DIGIT'],
    ['https://a/01/09501101530003/22/A%zz', 'BARCODE_BAD_DIGITAL_LINK'], // malformed escape
    ['https://a/01/09501101530003/22/A%2', 'BARCODE_BAD_DIGITAL_LINK'],
    ['https://a/01/09501101530003/10/A%00B', 'BARCODE_BAD_DIGITAL_LINK'], // encoded NUL
    ['https://a/01/09501101530003/10/A B', 'BARCODE_BAD_DIGITAL_LINK'], // blank not encoded
    ['https://example.com/products/info', 'BARCODE_BAD_DIGITAL_LINK'], // a web address, but no GS1 key
    ['https://a/01/09501101530003?17=271301', 'BARCODE_BAD_DATE'],
  ])('%s -> %s', (uri, code) => {
    const r = parse(uri);
    expect(r.ok ? `accepted as ${r.value.hri}` : r.error.code).toBe(code);
    if (!r.ok) {
      expect(ErrorCode.safeParse(r.error.code).success).toBe(true);
      expect(typeof (r.error.details as { position?: unknown } | undefined)?.position).toBe('number');
    }
  });

  it('names the AI and the place of a qualifier out of order', () => {
    const uri = 'https://a/01/12312312312333/21/X/10/Y';
    const r = parse(uri);
    expect(!r.ok && r.error.details).toMatchObject({ ai: '10', position: uri.indexOf('/10/') + 1 });
  });
});

describe('element strings: an AI that does not exist, or a field cut short, is refused with the AI and position', () => {
  it.each([
    ['0109501101530003\x1d2312', 'BARCODE_UNKNOWN_AI', '231', 17],
    ['(01)09501101530003(23)12', 'BARCODE_UNKNOWN_AI', '23', 19],
    ['010950110153000', 'BARCODE_BAD_LENGTH', '01', 15], // a GTIN of 13 digits at the end
    ['(01)0950110153000', 'BARCODE_BAD_LENGTH', '01', 4],
    ['0109501101530003171', 'BARCODE_BAD_LENGTH', '17', 19], // expiry cut to one digit
    ['010950110153000317270131\x1d10', 'BARCODE_BAD_LENGTH', '10', 27], // a lot with no value at all
    ['01095011015300031', 'BARCODE_UNKNOWN_AI', '1', 16], // one digit left where an AI must start
  ])('%j -> %s (%s at %i)', (data, code, ai, position) => {
    const r = parse(data);
    expect(r.ok ? 'accepted' : r.error.code).toBe(code);
    expect(!r.ok && r.error.details).toMatchObject({ ai, position });
  });
});

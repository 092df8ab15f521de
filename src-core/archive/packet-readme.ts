/** README.txt of an evidence packet: what it is and how to check it, in English and Chinese. */
export function packetReadme(batchNumber: string): string {
  return `Batchline evidence packet — batch ${batchNumber}

This archive is the electronic batch record of batch ${batchNumber} with everything needed to
prove it, without the station or the hub:
  manifest.json                  the batch, its entries (station, sequence, hash) and the SHA-256 of every file
  seal.json                      the station's or hub's signature over the manifest
  record/record.json             the batch record (steps, values, devices, lots, signatures, deviations)
  record/record.pdf              the same record as PDF (when the writing software had a PDF renderer)
  ledger/entries.json            every ledger entry of the batch, and those that prove them, each with a
                                 Merkle inclusion proof (RFC 9162) against a signed checkpoint
  ledger/checkpoints.json        the station's signed tree heads
  ledger/countersignatures.json  the hub's countersignatures of those tree heads
  certificates.json              the certificates, the CAs they chain to, and revocation status as known

Verify it on any machine with Batchline installed:
  batchline verify-packet ${batchNumber}.zip --ca-fingerprint <the site CA's published SHA-256> [--json]
(or --ca site-ca.pem). It names the file, entry or signer that fails. A forged packet carries its
own CA: without the site's fingerprint, --no-pin proves only that the packet agrees with itself.

Batchline 证据包 — 批次 ${batchNumber}

本压缩包包含批次 ${batchNumber} 的电子批记录，以及无需工作站或中心服务器即可证明其完整性的全部内容：
  manifest.json                  批次、其条目（工作站、序号、哈希）及每个文件的 SHA-256
  seal.json                      工作站或中心服务器对清单的签名
  record/record.json             批记录（步骤、数值、设备、批号、签名、偏差）
  record/record.pdf              PDF 格式的同一批记录（如生成软件具备 PDF 渲染功能）
  ledger/entries.json            本批次的每条账本条目及证明条目，各附针对已签名检查点的默克尔包含证明（RFC 9162）
  ledger/checkpoints.json        工作站签名的树头
  ledger/countersignatures.json  中心服务器对这些树头的副署
  certificates.json              证书、其所属 CA 以及已知的吊销状态

在任何安装了 Batchline 的计算机上验证：
  batchline verify-packet ${batchNumber}.zip --ca-fingerprint <本厂公布的站点 CA SHA-256 指纹> [--json]
（或 --ca site-ca.pem）。验证失败时会指出出错的文件、条目或签名人。伪造的证据包会自带 CA：
不提供本厂指纹而使用 --no-pin 时，只能证明证据包自身前后一致。
`;
}

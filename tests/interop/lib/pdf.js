'use strict';
// Writes a small, well-formed one-page PDF (classic xref table). `paddingBytes` adds an unreferenced
// stream object of pseudo-random bytes, to make documents of a chosen size that do not compress.
const crypto = require('node:crypto');

function createPdf(text, paddingBytes = 0) {
  const content = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.from(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
  ];
  if (paddingBytes > 0) {
    objects.push(Buffer.concat([
      Buffer.from(`<< /Length ${paddingBytes} >>\nstream\n`),
      crypto.randomBytes(paddingBytes),
      Buffer.from('\nendstream'),
    ]));
  }

  const parts = [Buffer.from('%PDF-1.7\n')];
  let length = parts[0].length;
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(object);
    length += object.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`].join('');
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest();

module.exports = { createPdf, sha256 };

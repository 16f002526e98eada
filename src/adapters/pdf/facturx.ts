/**
 * Factur-X 1.0 / ZUGFeRD 2.x (profile EN 16931): the document's PDF as PDF/A-3b carrying its CII XML as
 * `factur-x.xml`. pdfkit does most of PDF/A-3b itself (subset 'PDF/A-3b': pdfaid in the XMP metadata, the sRGB
 * output intent) and embeds files as associated files (`doc.file`: the catalog's AF array, AFRelationship, MIME type,
 * dates, checksum). What it lacks is added here: the Factur-X XMP properties with the PDF/A extension schema that
 * declares them, XML escaping of the title, author and subject it copies into the XMP packet, and no unused
 * non-embedded standard font. Remit's own fonts are TrueType files pdfkit embeds (as subsets), as PDF/A requires.
 */
export const FACTURX_FILENAME = 'factur-x.xml';
const FX_NAMESPACE = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

/** The embedded XML and what the metadata says of it. */
export interface FacturxAttachment {
  /** The CII XML (written with the 'facturx' profile). */
  xml: string;
}

/** Options for `new PDFDocument` that make it a PDF/A-3b (PDF 1.7, the default font unset: see facturxReady). */
export const FACTURX_DOCUMENT_OPTIONS = {
  subset: 'PDF/A-3b',
  pdfVersion: '1.7',
  // pdfkit sets Helvetica (a standard font it never embeds) as the default font unless told otherwise; PDF/A wants
  // every font embedded, and Remit's layout always chooses its own embedded fonts before drawing text.
  font: null,
} as const;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** pdfkit internals used here (not in its type definitions). */
interface PdfkitInternals {
  info: Record<string, unknown>;
  _addInfo(): void;
  appendXML(xml: string, newline?: boolean): void;
}

function property(name: string, description: string): string {
  return `<rdf:li rdf:parseType="Resource">
            <pdfaProperty:name>${name}</pdfaProperty:name>
            <pdfaProperty:valueType>Text</pdfaProperty:valueType>
            <pdfaProperty:category>external</pdfaProperty:category>
            <pdfaProperty:description>${description}</pdfaProperty:description>
          </rdf:li>`;
}

/** The Factur-X properties and, since PDF/A allows only declared XMP properties, their extension schema. */
export function facturxXmp(): string {
  return `
  <rdf:Description rdf:about="" xmlns:fx="${FX_NAMESPACE}">
    <fx:DocumentType>INVOICE</fx:DocumentType>
    <fx:DocumentFileName>${FACTURX_FILENAME}</fx:DocumentFileName>
    <fx:Version>1.0</fx:Version>
    <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
      xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
    <pdfaExtension:schemas>
      <rdf:Bag>
        <rdf:li rdf:parseType="Resource">
          <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
          <pdfaSchema:namespaceURI>${FX_NAMESPACE}</pdfaSchema:namespaceURI>
          <pdfaSchema:prefix>fx</pdfaSchema:prefix>
          <pdfaSchema:property>
            <rdf:Seq>
          ${property('DocumentFileName', 'The name of the embedded XML document')}
          ${property('DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER')}
          ${property('Version', 'The actual version of the standard applying to the embedded XML document')}
          ${property('ConformanceLevel', 'The conformance level of the embedded XML document')}
            </rdf:Seq>
          </pdfaSchema:property>
        </rdf:li>
      </rdf:Bag>
    </pdfaExtension:schemas>
  </rdf:Description>`;
}

/**
 * Embeds the XML as `factur-x.xml` (associated file, relationship Alternative: the XML is the invoice in another
 * form) and adds the Factur-X metadata. Call on a document created with FACTURX_DOCUMENT_OPTIONS, before `end()`.
 */
export function embedFacturx(doc: PDFKit.PDFDocument, attachment: FacturxAttachment): void {
  const internals = doc as unknown as PdfkitInternals;
  const date = internals.info.CreationDate instanceof Date ? internals.info.CreationDate : new Date();
  const options = {
    name: FACTURX_FILENAME,
    type: 'text/xml',
    // pdfkit writes it as the file specification's AFRelationship; its type definitions predate the option.
    relationship: 'Alternative',
    description: 'Factur-X invoice (EN 16931)',
    creationDate: date,
    modifiedDate: date,
  };
  doc.file(Buffer.from(attachment.xml, 'utf8'), options);
  internals.appendXML(facturxXmp());
  // pdfkit copies Title, Author and Subject into the XMP packet as they are: a business called
  // "Müller & Söhne <GmbH>" would make it invalid XML. The document information keeps the plain text.
  const addInfo = internals._addInfo;
  internals._addInfo = function addEscapedInfo(this: PdfkitInternals) {
    const plain = this.info;
    this.info = Object.fromEntries(
      Object.entries(plain).map(([key, value]) => [
        key,
        typeof value === 'string' ? escapeXml(value) : value,
      ]),
    );
    try {
      addInfo.call(this);
    } finally {
      this.info = plain;
    }
  };
}

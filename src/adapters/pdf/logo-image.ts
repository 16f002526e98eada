/**
 * The business logo, decoded once per process (or worker thread) instead of once per PDF.
 *
 * pdfkit's image objects belong to one document (they hold its object references), so what is kept is what pdfkit
 * writes for the image: the PDF objects it creates (dictionaries and stream bytes, in order). Recording them costs
 * one PNG decode (and for transparency, splitting and deflating the alpha channel); every later document replays
 * them, which writes the very same objects. Entries are keyed by a hash of the logo's bytes, so a new logo is
 * decoded for the next PDF, and only a few are kept.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';

type PdfValue = unknown;

/** One PDF object pdfkit created for the image while it was being recorded: its dictionary and stream bytes. */
class RecordedObject {
  chunk: Uint8Array | undefined;
  constructor(
    readonly data: Record<string, PdfValue>,
    private readonly onEnd: (object: RecordedObject) => void,
  ) {}

  end(chunk?: Uint8Array): void {
    this.chunk = chunk;
    this.onEnd(this);
  }
}

type Step = { kind: 'create' | 'end'; object: RecordedObject };

/** What pdfkit wrote for one image, in order, and the image's size. */
export interface ImageRecording {
  width: number;
  height: number;
  orientation: number;
  steps: Step[];
}

/** A PDF object reference, as pdfkit's document creates them. */
interface PdfRef {
  data: Record<string, PdfValue>;
  end(chunk?: Uint8Array): void;
}

/** The part of pdfkit's document an image's embed() uses. */
interface ImageHost {
  ref(data?: Record<string, PdfValue>): PdfRef;
}

/** An opened pdfkit image (what doc.openImage returns): embed() creates its PDF objects in the given document. */
interface PdfkitImage {
  width: number;
  height: number;
  orientation?: number;
  embed(host: ImageHost): void;
}

function record(bytes: Buffer): Promise<ImageRecording> {
  // No default font: the document only opens the image (pdfkit would parse Helvetica otherwise).
  const opener = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
  const image = (opener as unknown as { openImage(src: Buffer): PdfkitImage }).openImage(bytes);
  const steps: Step[] = [];
  let first: RecordedObject | null = null;
  return new Promise((resolve) => {
    const host: ImageHost = {
      ref(data = {}) {
        const object = new RecordedObject(data, (ended) => {
          steps.push({ kind: 'end', object: ended });
          // The image's own object (the first one created) is ended last; with transparency that is asynchronous.
          if (ended === first) {
            const { width, height, orientation = 1 } = image;
            resolve({ width, height, orientation, steps });
          }
        });
        first ??= object;
        steps.push({ kind: 'create', object });
        return object;
      },
    };
    image.embed(host);
  });
}

function remap(value: PdfValue, refs: Map<RecordedObject, PdfRef>): PdfValue {
  if (value instanceof RecordedObject) return refs.get(value);
  if (Array.isArray(value)) return value.map((item) => remap(item, refs));
  return value;
}

/** A per-document image object pdfkit's doc.image() accepts, writing the recorded objects into that document. */
export class ReplayedImage {
  obj: PdfRef | null = null;
  readonly width: number;
  readonly height: number;
  readonly orientation: number;

  constructor(
    private readonly recording: ImageRecording,
    readonly label: string,
  ) {
    this.width = recording.width;
    this.height = recording.height;
    this.orientation = recording.orientation;
  }

  embed(host: ImageHost): void {
    if (this.obj) return;
    const refs = new Map<RecordedObject, PdfRef>();
    const resolved = (object: RecordedObject) =>
      Object.fromEntries(Object.entries(object.data).map(([key, value]) => [key, remap(value, refs)]));
    for (const { kind, object } of this.recording.steps) {
      if (kind === 'create') {
        // An object may refer to one created after it (the image to its DecodeParms): such keys are kept in their
        // place (the dictionary's key order is written as is) and filled in when the object is ended.
        const ref = host.ref(resolved(object));
        refs.set(object, ref);
        this.obj ??= ref;
      } else {
        const ref = refs.get(object)!;
        Object.assign(ref.data, resolved(object));
        ref.end(object.chunk);
      }
    }
  }
}

/** The image to hand to this document's doc.image(). */
export function logoForDocument(recording: ImageRecording, doc: PDFKit.PDFDocument): ReplayedImage {
  const counted = doc as unknown as { _imageCount: number };
  return new ReplayedImage(recording, `I${++counted._imageCount}`);
}

const MAX_ENTRIES = 3;

/** Decoded logos by content hash, most recently used last. */
export class LogoImageCache {
  private readonly entries = new Map<string, Promise<ImageRecording | null>>();

  /** The logo as pdfkit writes it, or null when pdfkit cannot read the bytes. */
  recording(bytes: Uint8Array): Promise<ImageRecording | null> {
    const key = createHash('sha256').update(bytes).digest('base64');
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
    } else {
      const copy = Buffer.from(bytes);
      entry = Promise.resolve()
        .then(() => record(copy))
        .catch(() => null);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, entry);
    return entry;
  }
}

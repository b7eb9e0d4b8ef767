import { LienthongError, type DocumentRecord, type SiteDocument } from '@lienthong/contracts';
import type { TokenService } from '../auth/tokens.js';
import type { StoredDocument } from '../domain/documents.js';
import type { DocumentFiles } from './document-files.js';

/**
 * Turns document records into what people and sites see: whether the file is there, and for
 * public and internal documents a delegate link (a signed URL a QR code carries) that opens the
 * file without logging in. Secret documents never get one, and a link stops working the moment
 * its document becomes secret: the classification is checked again on every download.
 */
export class DocumentPublisher {
  constructor(
    private readonly files: DocumentFiles,
    private readonly tokens: TokenService,
    private readonly publicUrl: string,
    private readonly linkTtlSeconds: number,
  ) {}

  async describe(document: StoredDocument): Promise<DocumentRecord> {
    const hasFile = await this.files.has(document.id);
    const linkable = hasFile && document.classification !== 'secret';
    return { ...document, hasFile, delegateLink: linkable ? await this.linkFor(document.id) : null };
  }

  /** What a site shows: the public documents whose file is there, each with its link. */
  async forSite(documents: StoredDocument[]): Promise<SiteDocument[]> {
    const shown: SiteDocument[] = [];
    for (const d of documents) {
      if (d.classification !== 'public' || !(await this.files.has(d.id))) continue;
      shown.push({ id: d.id, title: d.title, fileName: d.fileName, mediaType: d.mediaType, sizeBytes: d.sizeBytes, delegateLink: await this.linkFor(d.id) });
    }
    return shown;
  }

  /** The file a delegate link opens, after checking the link and the document's classification now. */
  async resolveLink(token: string, load: (id: string) => Promise<StoredDocument>) {
    const { sub } = await this.tokens.verify(token, 'document');
    const document = await load(sub);
    if (document.classification === 'secret') throw new LienthongError('FORBIDDEN', 'Secret documents are not given out by link');
    if (!(await this.files.has(document.id))) throw new LienthongError('NOT_FOUND', 'The document has no file yet');
    return {
      path: this.files.pathOf(document.id),
      fileName: document.fileName,
      mediaType: document.mediaType,
      inline: document.mediaType === 'application/pdf',
    };
  }

  private async linkFor(documentId: string): Promise<string> {
    return `${this.publicUrl}/api/public/documents/${await this.tokens.signDocument({ sub: documentId }, this.linkTtlSeconds)}`;
  }
}

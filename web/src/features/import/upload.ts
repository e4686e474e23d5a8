import { currentLocale, i18n } from '@/i18n';

export interface UploadedFile {
  id: string;
  fileName: string;
  size: number;
  format: string;
}

/** Sends a file to POST /files/imports; throws an Error carrying the server's message. */
export async function uploadImportFile(file: File): Promise<UploadedFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch('/files/imports', {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { 'accept-language': currentLocale() },
    });
  } catch {
    throw new Error(i18n.global.t('errors.network'));
  }
  const body = (await res.json().catch(() => ({}))) as Partial<UploadedFile> & {
    message?: string;
    fields?: { message: string }[];
  };
  if (!res.ok) throw new Error(body.fields?.[0]?.message ?? body.message ?? i18n.global.t('errors.unexpected'));
  return body as UploadedFile;
}

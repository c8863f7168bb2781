import { ApiError } from '../api/api-error.ts';

/**
 * Fetches a CSV export with the session's bearer token (a plain link could
 * not send it) and hands it to the browser as a download named `fileName`.
 */
export async function downloadCsv(token: string, path: string, fileName: string): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    throw new ApiError(
      response.status,
      'http',
      `The export failed: the server answered ${response.status}.`,
    );
  }
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has started the download; the browser keeps the data until it is saved.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

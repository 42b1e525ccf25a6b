import type { Agent } from './http.ts';

/** A multipart form post from this agent (its cookies and CSRF token), with one file. */
export function postFile(
  agent: Agent,
  url: string,
  fields: Record<string, string>,
  file: { name: string; filename: string; type: string; text: string },
) {
  const boundary = '----inspectorate-upload-test';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: agent.csrf, ...fields }))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
        `Content-Type: ${file.type}\r\n\r\n`,
    ),
    Buffer.from(file.text),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return agent.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
  });
}

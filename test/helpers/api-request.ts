// Direct HTTPS calls to a kubelab API server that trust its self-signed certificate (fetch cannot take a CA).
import https from 'node:https';

export interface ApiResponse {
  status: number;
  body: any;
  text: string;
}

export function apiRequest(
  url: string,
  opts: { method?: string; token?: string; ca: string; body?: unknown; headers?: Record<string, string>; agent?: https.Agent },
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const payload = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const req = https.request(
      url,
      {
        method: opts.method ?? 'GET',
        ca: opts.ca,
        agent: opts.agent,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let body: any;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

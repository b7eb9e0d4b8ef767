import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

// Tokens travel in URLs (media and document links, `?token=` of older clients) and in headers:
// none may reach a log file, where anyone who reads logs could replay them.
const jwtLike = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/** A URL fit for the logs: no query string values named like secrets, no fragment, no JWTs. */
export function redactUrl(url: unknown): unknown {
  if (typeof url !== 'string') return url;
  return url
    .replace(/#.*$/s, '')
    .replace(/([?&](?:token|access_token|refresh_token|auth|key|password)=)[^&]*/gi, '$1[redacted]')
    .replace(jwtLike, '[token]');
}

/** Field paths whose values are secrets, wherever a module logs them. */
export const redactedPaths = [
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'authorization',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.password',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'auth.token',
  'handshake.auth.token',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'control-plane',
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { url: redactUrl, originalUrl: redactUrl },
    },
    destination,
  );
}

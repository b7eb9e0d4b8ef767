// Where a recording's files are served: under a signed prefix, so the relative URIs inside its
// playlists (segment file names) carry the token with them and no playlist needs rewriting.

export const mediaRoute = '/api/recordings/:id/media/:token/*path';

export const mediaPrefix = (recordingId: string, token: string) => `/api/recordings/${recordingId}/media/${token}/`;

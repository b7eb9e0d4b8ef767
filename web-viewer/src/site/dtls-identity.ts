import type { WireDtlsParameters } from '@lienthong/contracts';
import { Failure } from '../shared/failure';

/**
 * The page's DTLS certificate, made before any transport so that its fingerprint is known before
 * the node makes them: the join then asks for its transports connected as they are made (see
 * `ReadyMedia`), and no request connects them afterwards. Every transport of the page uses it.
 */
export interface DtlsIdentity {
  /** What the transports' RTCPeerConnections are given (`additionalSettings`). */
  readonly peerConnectionSettings: RTCConfiguration;
  /** What the node is told: the certificate's fingerprints, the browser as DTLS client. */
  readonly dtlsParameters: WireDtlsParameters;
  /**
   * Set when a transport's own parameters turned out different from those announced (a browser
   * that ignored the certificate): from then on the page connects its transports as before.
   */
  unusable: boolean;
}

let made: Promise<DtlsIdentity | null> | null = null;

/**
 * The page's identity, made once (null where the browser cannot say its certificate's fingerprint
 * before a connection exists: its transports connect as before).
 */
export function pageDtlsIdentity(): Promise<DtlsIdentity | null> {
  made ??= makeIdentity().catch((err: unknown) => {
    console.warn('lienthong: no DTLS certificate of the page (transports connect on first use)', err);
    return null;
  });
  return made;
}

async function makeIdentity(): Promise<DtlsIdentity | null> {
  if (typeof RTCPeerConnection === 'undefined' || typeof RTCPeerConnection.generateCertificate !== 'function') return null;
  const ecdsa: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
  const certificate = await RTCPeerConnection.generateCertificate(ecdsa);
  // Not in every browser (Firefox has no getFingerprints).
  const fingerprints = (certificate as RTCCertificate & { getFingerprints?: () => RTCDtlsFingerprint[] }).getFingerprints?.() ?? [];
  const usable = fingerprints.filter((f): f is { algorithm: string; value: string } => !!f.algorithm && !!f.value);
  if (!usable.length) return null;
  return {
    peerConnectionSettings: { certificates: [certificate] },
    // Upper case, as browsers write them in SDP.
    dtlsParameters: { role: 'client', fingerprints: usable.map((f) => ({ algorithm: f.algorithm.toLowerCase(), value: f.value.toUpperCase() })) },
    unusable: false,
  };
}

/**
 * Whether a transport's own DTLS parameters (its 'connect') carry a fingerprint the node was told.
 * The role is not compared: browsers take the client role wherever the node's answer leaves it
 * open ('auto', as nodes answer), which is the role announced.
 */
export function sameDtlsIdentity(announced: WireDtlsParameters, own: WireDtlsParameters): boolean {
  const key = (f: { algorithm: string; value: string }) => `${f.algorithm.toLowerCase()} ${f.value.toUpperCase()}`;
  const told = new Set(announced.fingerprints.map(key));
  return own.fingerprints.some((f) => told.has(key(f)));
}

/**
 * Answers the 'connect' of a transport the node connected as it made it: nothing to send, once its
 * own parameters are checked against those announced. A mismatch fails the transport (the node
 * would refuse its DTLS) and the page stops using the identity.
 */
export function acceptOwnConnect(identity: DtlsIdentity, own: WireDtlsParameters, callback: () => void, errback: (err: Error) => void): void {
  if (sameDtlsIdentity(identity.dtlsParameters, own)) {
    callback();
    return;
  }
  identity.unusable = true;
  errback(new Failure('MEDIA_FAILED', 'the browser used another DTLS certificate than the one its join announced'));
}

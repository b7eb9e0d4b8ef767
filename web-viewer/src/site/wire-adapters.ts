import type {
  ConsumerParams,
  WebRtcTransportParams,
  WireDtlsParameters,
  WireRtpCapabilities,
  WireRtpParameters,
} from '@lienthong/contracts';
import type { types } from 'mediasoup-client';

/**
 * The one place where the contracts' wire shapes meet mediasoup-client's types. The contracts pin
 * only the fields lienthong relies on and pass the rest through untouched; mediasoup-client
 * validates the full objects itself, so these conversions are casts and nothing more.
 */
export const toRtpCapabilities = (caps: WireRtpCapabilities): types.RtpCapabilities =>
  caps as types.RtpCapabilities;

export const toRtpParameters = (params: WireRtpParameters): types.RtpParameters =>
  params as types.RtpParameters;

/** Transport options for the browser. No ICE servers: closed networks have no STUN/TURN; the
 * media node's candidates (UDP and TCP) are reached directly. */
export const toTransportOptions = (params: WebRtcTransportParams): types.TransportOptions => ({
  id: params.id,
  iceParameters: params.iceParameters,
  iceCandidates: params.iceCandidates as types.IceCandidate[],
  dtlsParameters: params.dtlsParameters as types.DtlsParameters,
  iceServers: [],
});

export const toConsumerOptions = <AppData extends types.AppData>(
  params: ConsumerParams,
  appData: AppData,
): types.ConsumerOptions<AppData> => ({
  id: params.id,
  producerId: params.producerId,
  kind: params.kind,
  rtpParameters: toRtpParameters(params.rtpParameters),
  appData,
});

export const fromRtpCapabilities = (caps: types.RtpCapabilities): WireRtpCapabilities => caps;
export const fromRtpParameters = (params: types.RtpParameters): WireRtpParameters => params;
export const fromDtlsParameters = (params: types.DtlsParameters): WireDtlsParameters => params;

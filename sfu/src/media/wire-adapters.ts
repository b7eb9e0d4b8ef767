import type { WireRtpCapabilities, WireRtpParameters } from '@lienthong/contracts';
import type { types } from 'mediasoup';

/**
 * The one place where the contracts' wire shapes meet mediasoup's types. The contracts pin only
 * the fields lienthong relies on and pass the rest through untouched; mediasoup validates the full
 * objects itself (and answers the control plane's command with an error when they are wrong), so
 * these conversions are casts and nothing more.
 */
export const toRtpParameters = (params: WireRtpParameters): types.RtpParameters => params as types.RtpParameters;

export const toRtpCapabilities = (caps: WireRtpCapabilities): types.RtpCapabilities => caps as types.RtpCapabilities;

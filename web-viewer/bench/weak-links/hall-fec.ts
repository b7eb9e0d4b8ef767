/**
 * A control for the bench (HALL_FEC=off): the hall's browser is told, in the node's SDP answer,
 * that the node does not want Opus in-band FEC, so its encoder adds none, while everything else
 * (the producer's parameters, the loss the node reports back) stays as in a normal run. Runs in
 * the hall's page before the app: it strips `useinbandfec=1` from every remote answer.
 */
export function hallWithoutFec(): void {
  // (its promise form only: mediasoup-client never uses the legacy callbacks)
  const original = RTCPeerConnection.prototype.setRemoteDescription as (this: RTCPeerConnection, d?: RTCSessionDescriptionInit) => Promise<void>;
  RTCPeerConnection.prototype.setRemoteDescription = function (this: RTCPeerConnection, description?: RTCSessionDescriptionInit) {
    if (description?.type !== 'answer' || typeof description.sdp !== 'string') return original.call(this, description);
    const sdp = description.sdp.replace(/;?useinbandfec=1/g, '').replace(/(a=fmtp:\d+) ?;/g, '$1 ');
    return original.call(this, { type: 'answer', sdp });
  };
}

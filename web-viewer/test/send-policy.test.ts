import { describe, expect, it } from 'vitest';
import { sendKinds } from '../src/site/send-policy';

const stage = (sending: boolean, previewed: boolean) => ({ handRaised: false, onFloor: sending, muted: false, sending, previewed });

describe('what a site sends', () => {
  it('sends camera and microphone while in the program', () => {
    expect(sendKinds(stage(true, false), 'site')).toEqual({ video: true, audio: true, smallVideoOnly: false });
    expect(sendKinds(stage(true, true), 'site')).toEqual({ video: true, audio: true, smallVideoOnly: false });
  });
  it('sends only its camera, small layer only, while an operator previews it', () => {
    expect(sendKinds(stage(false, true), 'site')).toEqual({ video: true, audio: false, smallVideoOnly: true });
  });
  it('sends nothing while nobody watches it', () => {
    expect(sendKinds(stage(false, false), 'site')).toEqual({ video: false, audio: false, smallVideoOnly: false });
  });
  it('before the stage is known, only the hall sends', () => {
    expect(sendKinds(null, 'hall')).toEqual({ video: true, audio: true, smallVideoOnly: false });
    expect(sendKinds(null, 'site')).toEqual({ video: false, audio: false, smallVideoOnly: false });
  });
});

import { describe, expect, it } from 'vitest';
import { sendKinds } from '../src/site/send-policy';

const stage = (sending: boolean, previewed: boolean) => ({ handRaised: false, onFloor: sending, muted: false, sending, previewed });

describe('what a site sends', () => {
  it('sends camera and microphone while in the program', () => {
    expect(sendKinds(stage(true, false), 'site')).toEqual({ video: true, audio: true });
    expect(sendKinds(stage(true, true), 'site')).toEqual({ video: true, audio: true });
  });
  it('sends only its camera while an operator previews it', () => {
    expect(sendKinds(stage(false, true), 'site')).toEqual({ video: true, audio: false });
  });
  it('sends nothing while nobody watches it', () => {
    expect(sendKinds(stage(false, false), 'site')).toEqual({ video: false, audio: false });
  });
  it('before the stage is known, only the hall sends', () => {
    expect(sendKinds(null, 'hall')).toEqual({ video: true, audio: true });
    expect(sendKinds(null, 'site')).toEqual({ video: false, audio: false });
  });
});

import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code drawn here, in the browser (closed networks: no QR service to call), as an image. */
export function Qr({ text, label, size = 128 }: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { width: size, margin: 1, errorCorrectionLevel: 'M' }).then((url) => live && setSrc(url), () => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [text, size]);
  return src ? <img className="qr" src={src} width={size} height={size} alt={label} data-qr={text} /> : <span className="qr qr-empty" style={{ width: size, height: size }} />;
}

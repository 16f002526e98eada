/** The accent colour when none (or no valid one) is set. */
export const DEFAULT_ACCENT = '#1f4e79';

/** The accent as '#rrggbb', or the default when the value is not one. */
export function validAccent(color: string | null | undefined): string {
  return color && /^#[0-9a-f]{6}$/i.test(color) ? color.toLowerCase() : DEFAULT_ACCENT;
}

/** WCAG relative luminance of a '#rrggbb' colour. */
function luminance(color: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(color.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio between two '#rrggbb' colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text colour for text on the accent: white or near-black, whichever contrasts more. */
export function textOnAccent(accent: string): '#ffffff' | '#111111' {
  const color = validAccent(accent);
  return contrastRatio(color, '#ffffff') >= contrastRatio(color, '#111111') ? '#ffffff' : '#111111';
}

/**
 * The accent as a colour for text on white: the accent itself when it reaches 4.5:1 (WCAG AA), otherwise the
 * accent darkened step by step until it does, so a pale brand colour still gives readable headings and links.
 */
export function accentForText(accent: string): string {
  let color = validAccent(accent);
  for (let step = 0; step < 20 && contrastRatio(color, '#ffffff') < 4.5; step++) {
    color = `#${[1, 3, 5]
      .map((offset) =>
        Math.floor(Number.parseInt(color.slice(offset, offset + 2), 16) * 0.85)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
  }
  return color;
}

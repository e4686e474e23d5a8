/**
 * The few icons the client draws (24×24 SVG paths, from Google's Material Icons, Apache 2.0).
 * Inline SVG rather than emoji or rare Unicode signs, which many systems' fonts lack (Debian's
 * Chromium showed the filter mark U+23F7 and the bin emoji U+1F5D1 as empty boxes).
 */
export const ICONS = {
  /** A column filtered (funnel). */
  filter:
    'M4.25 5.61C6.27 8.2 10 13 10 13v6c0 .55.45 1 1 1h2c.55 0 1-.45 1-1v-6s3.72-4.8 5.74-7.39A.998.998 0 0 0 18.95 4H5.04c-.83 0-1.3.95-.79 1.61z',
  /** Delete (bin). */
  trash: 'M6 19c0 1.1.9 2 2 2h8c1.1 0 2-.9 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z',
  /** Attachments (paper clip). */
  attachment:
    'M16.5 6v11.5c0 2.21-1.79 4-4 4s-4-1.79-4-4V5a2.5 2.5 0 0 1 5 0v10.5c0 .55-.45 1-1 1s-1-.45-1-1V6H10v9.5a2.5 2.5 0 0 0 5 0V5c0-2.21-1.79-4-4-4S7 2.79 7 5v12.5c0 3.04 2.46 5.5 5.5 5.5s5.5-2.46 5.5-5.5V6h-1.5z',
} as const;

export type IconName = keyof typeof ICONS;

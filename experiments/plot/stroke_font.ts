/**
 * A tiny built-in stroke font, so a PNG plot has readable text on a machine without any font file
 * (resvg draws no text then). {@link textToPaths} replaces every single-line SVG `<text>` that vega
 * writes with stroked paths.
 *
 * No port: our own glyphs, drawn as polylines on a 5 x 9 grid (x 0..4; y 0 = cap top, 2 = x-height,
 * 6 = baseline, 8 = descender bottom). Monospaced, advance 6 grid units; one unit is font-size / 9,
 * so capitals are two thirds of the font size tall. Characters without a glyph draw as a box.
 */

/**
 * Glyphs: strokes separated by spaces; a stroke is a polyline of points written as two digits `xy`.
 * Hand-drawn on the grid described above.
 */
const GLYPHS: Readonly<Record<string, string>> = {
  ' ': '',
  '0': '103041453616050110',
  '1': '112026 1636',
  '2': '01103041420646',
  '3': '01103041423313 334445361605',
  '4': '36300444',
  '5': '40000003334445361605',
  '6': '30100105163645443303',
  '7': '004016',
  '8': '13020110304142331304051636454433',
  '9': '43130201103041453616',
  A: '0602204246 0444',
  B: '00063645443303 0030414233',
  C: '4130100105163645',
  D: '00062644422000',
  E: '40000646 0333',
  F: '400006 0333',
  G: '41301001051636454323',
  H: '0006 4046 0343',
  I: '1030 2026 1636',
  J: '4045361605',
  K: '0006 4004 1346',
  L: '000646',
  M: '0600234046',
  N: '06004640',
  O: '103041453616050110',
  P: '06003041423303',
  Q: '103041453616050110 2446',
  R: '06003041423303 2346',
  S: '413010010213334445361605',
  T: '0040 2026',
  U: '000516364540',
  V: '002640',
  W: '0016233640',
  X: '0046 4006',
  Y: '002340 2326',
  Z: '00400646',
  a: '12324346 441405163645',
  b: '0006 0312324345361605',
  c: '4332120305163645',
  d: '4046 4332120305163645',
  e: '044443321203051646',
  f: '30201116 0232',
  g: '4332120305163645 4247381807',
  h: '0006 0312324346',
  i: '2226 2021',
  j: '32372818 3031',
  k: '0006 3205 1436',
  l: '102026 1636',
  m: '0602 03122326 23324346',
  n: '0602 0312324346',
  o: '123243453616050312',
  p: '0208 0312324345361605',
  q: '4248 4332120305163645',
  r: '0206 04223243',
  s: '4212031434453606',
  t: '10152636 0232',
  u: '0205163645 4246',
  v: '022642',
  w: '0216243642',
  x: '0246 4206',
  y: '0226 4218',
  z: '02420646',
  '.': '2526',
  ',': '252617',
  '-': '1333',
  '\u2212': '0343',
  '+': '0343 2125',
  _: '0747',
  '/': '4006',
  '\\': '0046',
  ':': '2223 2526',
  ';': '2223 252617',
  '(': '302112142536',
  ')': '102132342516',
  '[': '30101636',
  ']': '10303616',
  '{': '30212213242536',
  '}': '10212231242516',
  '%': '4006 0010110100 3545463635',
  '=': '0242 0444',
  '<': '410345',
  '>': '014305',
  '!': '2024 2526',
  '?': '01103041422324 2526',
  '"': '1012 3032',
  "'": '2022',
  '`': '1021',
  '#': '1016 3036 0242 0444',
  '&': '4612112031320405162644',
  '*': '2125 0442 0244',
  '^': '122032',
  '~': '0312233243',
  '|': '2028',
  $: '413010010213334445361605 2027',
};

/** The box drawn for a character without a glyph. */
const MISSING = '0006464000';

/** Grid units per character (4 of glyph, 2 of spacing). */
const ADVANCE = 6;
/** Grid units per font-size unit. */
const UNITS_PER_EM = 9;

/** The width of `text` drawn at `fontSize`, in the same unit, from the first stroke to the last. */
export function strokeTextWidth(text: string, fontSize: number): number {
  const n = [...text].length;
  return n === 0 ? 0 : ((n * ADVANCE - 2) * fontSize) / UNITS_PER_EM;
}

/**
 * SVG path data for `text` with its baseline at y = 0 and its left edge at x = `x0`.
 * @param fontSize in SVG user units (pixels).
 */
export function strokeTextPath(text: string, fontSize: number, x0 = 0): string {
  const u = fontSize / UNITS_PER_EM;
  const parts: string[] = [];
  let origin = x0;
  for (const ch of text) {
    const glyph = GLYPHS[ch] ?? MISSING;
    for (const stroke of glyph.split(' ')) {
      if (stroke.length < 4) continue;
      for (let k = 0; k + 1 < stroke.length; k += 2) {
        const x = origin + Number(stroke[k]) * u;
        const y = (Number(stroke[k + 1]) - 6) * u;
        parts.push(`${k === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`);
      }
    }
    origin += ADVANCE * u;
  }
  return parts.join('');
}

const round = (v: number): number => Math.round(v * 100) / 100;

function attribute(attrs: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return match?.[1];
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, code: string) => {
    if (code === 'amp') return '&';
    if (code === 'lt') return '<';
    if (code === 'gt') return '>';
    if (code === 'quot') return '"';
    if (code === 'apos') return "'";
    return String.fromCodePoint(code.startsWith('#x') ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10));
  });
}

/**
 * Replaces each single-line `<text>` element of an SVG document (vega's form: attributes
 * `text-anchor`, `transform` or `x`/`y`, `font-size`, `font-weight`, `fill`, `opacity`) by a group
 * of stroked paths in the built-in font, at the same place, anchor, size and colour. Text with
 * child elements (`<tspan>`) is left as it is.
 */
export function textToPaths(svg: string): string {
  return svg.replace(/<text(\s[^>]*)?>([^<]*)<\/text>/g, (_whole, rawAttrs: string | undefined, rawText: string) => {
    const attrs = rawAttrs ?? '';
    const text = unescapeXml(rawText);
    const fontSize = parseFloat(attribute(attrs, 'font-size') ?? '12') || 12;
    const weight = attribute(attrs, 'font-weight') ?? 'normal';
    const bold = weight === 'bold' || Number(weight) >= 600;
    const anchor = attribute(attrs, 'text-anchor') ?? 'start';
    const width = strokeTextWidth(text, fontSize);
    const shift = anchor === 'middle' ? -width / 2 : anchor === 'end' ? -width : 0;
    const x = parseFloat(attribute(attrs, 'x') ?? '0') || 0;
    const y = parseFloat(attribute(attrs, 'y') ?? '0') || 0;
    const transform = attribute(attrs, 'transform');
    const fill = attribute(attrs, 'fill') ?? '#000';
    const opacity = attribute(attrs, 'opacity');
    const strokeWidth = round(fontSize * (bold ? 0.15 : 0.1));
    const group = [
      transform ? ` transform="${transform}"` : '',
      opacity !== undefined ? ` opacity="${opacity}"` : '',
    ].join('');
    const d = strokeTextPath(text, fontSize, x + shift);
    const path = d
      ? `<path transform="translate(0,${round(y)})" d="${d}" fill="none" stroke="${fill}" stroke-width="${strokeWidth}" stroke-linecap="round" stroke-linejoin="round"/>`
      : '';
    return `<g${group}>${path}</g>`;
  });
}

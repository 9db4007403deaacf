/**
 * Source lines of findings. A Schematron finding names its node by location (`/Invoice[1]/cac:X[2]/@a`,
 * the reference format); the report adds the line where that element's start tag begins, so a sender
 * (and the console's XML view) can jump to it.
 *
 * One pass over the document text for all the findings of a validation, following only the branches of
 * the element tree that some location goes down (a trie of location steps), so the cost is the length of
 * the text whatever the number of findings. Reading lines from the text, not from the libxml2 tree, keeps
 * them right beyond line 65,535 (libxml2 stores a node's line in 16 bits) and lets the libxml2 document be
 * released before the Schematron phase.
 *
 * The text is one that libxml2 has already found well-formed and free of DOCTYPE (the validation refuses
 * anything else before Schematron runs), so this scanner only has to skip comments, processing
 * instructions and CDATA sections, and to tell start tags from end tags.
 */

interface Step {
  /** Children by step (`cac:X[2]`). */
  next: Map<string, Step>;
  /** Line of this element once found. */
  line?: number;
}

/** Element steps of a location: `/a[1]/b[2]/@c` → `['a[1]', 'b[2]']`; null for locations of another form. */
function elementSteps(location: string): string[] | null {
  const steps: string[] = [];
  for (const step of location.split('/')) {
    if (step === '') continue;
    if (step.startsWith('@') || step === 'node()' || step.startsWith('text()')) break; // the element holding it
    if (!/^[^[\]]+\[\d+\]$/.test(step)) return null;
    steps.push(step);
  }
  return steps;
}

/**
 * The line of each location's element (or the element holding the attribute or text it designates; or,
 * when the path goes further than the text, its deepest element that exists). Locations that are not
 * element paths, or whose first step is not the root, are absent from the result.
 */
export function linesOfLocations(text: string, locations: Iterable<string>): Map<string, number> {
  const root: Step = { next: new Map() };
  const wanted = new Map<string, string[]>();
  for (const loc of locations) {
    const steps = elementSteps(loc);
    if (!steps || steps.length === 0 || wanted.has(loc)) continue;
    wanted.set(loc, steps);
    let s = root;
    for (const st of steps) {
      let n = s.next.get(st);
      if (!n) s.next.set(st, (n = { next: new Map() }));
      s = n;
    }
  }
  const out = new Map<string, number>();
  if (wanted.size === 0) return out;

  // Open elements: the trie node each one is (null: off every wanted path) and its children's name counts.
  const stack: { step: Step | null; counts: Map<string, number> | null }[] = [{ step: root, counts: new Map() }];
  let line = 1;
  let scanned = 0; // text before this offset is counted in `line`
  const lineAt = (offset: number): number => {
    for (let k = text.indexOf('\n', scanned); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) line++;
    scanned = offset;
    return line;
  };
  const nameRe = /[^\s/>]+/y;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */) {
      const close = text.startsWith('<!--', lt) ? '-->' : text.startsWith('<![CDATA[', lt) ? ']]>' : '>';
      const e = text.indexOf(close, lt + 2);
      if (e < 0) break;
      i = e + close.length;
      continue;
    }
    if (c === 0x3f /* ? */) {
      const e = text.indexOf('?>', lt + 2);
      if (e < 0) break;
      i = e + 2;
      continue;
    }
    // End of the tag: the first `>` outside quoted attribute values.
    let e = lt + 1;
    for (let q = 0; e < text.length; e++) {
      const ch = text.charCodeAt(e);
      if (q) {
        if (ch === q) q = 0;
      } else if (ch === 0x22 || ch === 0x27) q = ch;
      else if (ch === 0x3e) break;
    }
    i = e + 1;
    if (c === 0x2f /* / */) {
      stack.pop();
      continue;
    }
    const top = stack[stack.length - 1];
    const selfClosing = text.charCodeAt(e - 1) === 0x2f;
    let step: Step | null = null;
    if (top.step && top.counts) {
      nameRe.lastIndex = lt + 1;
      const qname = nameRe.exec(text)![0];
      const k = (top.counts.get(qname) ?? 0) + 1;
      top.counts.set(qname, k);
      step = top.step.next.get(`${qname}[${k}]`) ?? null;
      if (step) step.line = lineAt(lt);
    }
    if (!selfClosing) stack.push({ step, counts: step && step.next.size ? new Map() : null });
  }
  for (const [loc, steps] of wanted) {
    // The deepest element of the path that exists (a location may name a node the text lacks).
    let s: Step | undefined = root;
    let found: number | undefined;
    for (const st of steps) {
      s = s?.next.get(st);
      if (s?.line === undefined) break;
      found = s.line;
    }
    if (found !== undefined) out.set(loc, found);
  }
  return out;
}

/**
 * Go's fmt and strconv as templates use them: what an action prints (fmt.Fprint of the value),
 * print/println/printf, and the number formatting behind them. Followed from Go 1.19's
 * src/fmt/print.go, src/fmt/format.go and src/strconv/ftoa.go, quote.go: a float64 prints in
 * %g's shortest form (1e+06, 1.5e-07), maps print as map[k:v] with sorted keys, a nil inside a
 * list prints as <nil>, and a verb that does not fit its operand prints as %!d(float64=3).
 */
import { GoInt, GoStruct, GoTime, IFACE_NIL, intValue, isMap, isNil, Method, sortedKeys, tagOf, typeName, utf8, Value } from "./gotypes";

// ---- floats: exact decimal digits and strconv's formats ----

/** A decimal: digits without leading or trailing zeros, the value being 0.digits × 10^dp. */
interface Digits {
  d: string;
  dp: number;
}

/** The shortest digits that read back as x (JavaScript and Go pick the same ones). */
function shortestDigits(x: number): Digits {
  const m = /^(\d+)(?:\.(\d+))?(?:e([-+]\d+))?$/.exec(String(Math.abs(x)))!;
  const all = m[1] + (m[2] ?? "");
  const dp = m[1].length + Number(m[3] ?? 0);
  const lead = /^0*/.exec(all)![0].length;
  return { d: all.slice(lead).replace(/0+$/, ""), dp: dp - lead };
}

/** The exact decimal value of x (a float64 is mantissa × 2^exponent), for rounding to a precision. */
function exactDigits(x: number): Digits {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const bits = buf.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp = expBits - 1075;
  if (expBits === 0) exp = -1074;
  else mant |= 1n << 52n;
  if (mant === 0n) return { d: "", dp: 0 };
  let s: string;
  let dp: number;
  if (exp >= 0) {
    s = (mant << BigInt(exp)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-exp)).toString();
    dp = s.length + exp;
  }
  const trimmed = s.replace(/0+$/, "");
  return { d: trimmed, dp };
}

/** Round to nd significant digits, halfway cases to even (strconv's decimal.Round on an exact value). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0) return { d: "", dp: x.dp };
  if (nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd) - 48;
  const up = next > 5 || (next === 5 && (nd + 1 < x.d.length || (nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1)));
  let d = x.d.slice(0, nd);
  let dp = x.dp;
  if (up) {
    let i = d.length - 1;
    while (i >= 0 && d[i] === "9") i--;
    if (i < 0) {
      d = "1";
      dp++;
    } else d = d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1);
  }
  return { d: d.replace(/0+$/, ""), dp };
}

const digitAt = (x: Digits, i: number) => (i >= 0 && i < x.d.length ? x.d[i] : "0");

/** %e: d.ddde±dd */
function fmtE(neg: boolean, x: Digits, prec: number, e: "e" | "E"): string {
  let s = neg ? "-" : "";
  s += x.d.length ? x.d[0] : "0";
  if (prec > 0) {
    s += ".";
    for (let i = 1; i <= prec; i++) s += digitAt(x, i);
  }
  const exp = x.d.length ? x.dp - 1 : 0;
  const ea = Math.abs(exp);
  return s + e + (exp < 0 ? "-" : "+") + (ea < 10 ? "0" + ea : String(ea));
}

/** %f: ddd.ddd */
function fmtF(neg: boolean, x: Digits, prec: number): string {
  let s = neg ? "-" : "";
  if (x.dp > 0) for (let i = 0; i < x.dp; i++) s += digitAt(x, i);
  else s += "0";
  if (prec > 0) {
    s += ".";
    for (let i = 0; i < prec; i++) s += digitAt(x, x.dp + i);
  }
  return s;
}

/** strconv.FormatFloat(x, fmt, prec, 64) for fmt in e E f g G; prec -1 is the shortest form. */
export function formatFloat(x: number, fmt: "e" | "E" | "f" | "g" | "G", prec: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  const neg = x < 0 || Object.is(x, -0);
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) digs = x === 0 ? { d: "", dp: 0 } : shortestDigits(x);
  else {
    const exact = exactDigits(x);
    const nd = fmt === "f" ? exact.dp + prec : fmt === "e" || fmt === "E" ? prec + 1 : prec === 0 ? 1 : prec;
    digs = roundDigits(exact, nd);
  }
  if (shortest) prec = fmt === "e" || fmt === "E" ? Math.max(digs.d.length - 1, 0) : fmt === "f" ? Math.max(digs.d.length - digs.dp, 0) : digs.d.length;
  if (fmt === "e" || fmt === "E") return fmtE(neg, digs, prec, fmt);
  if (fmt === "f") return fmtF(neg, digs, prec);
  // %g: exponent form when the exponent is < -4 or >= the precision (6 for the shortest form)
  let eprec = prec;
  if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
  if (shortest) eprec = 6;
  if (prec === 0) prec = 1;
  const exp = digs.d.length ? digs.dp - 1 : 0;
  if (exp < -4 || exp >= eprec) {
    if (prec > digs.d.length) prec = digs.d.length;
    return fmtE(neg, digs, Math.max(prec - 1, 0), fmt === "g" ? "e" : "E");
  }
  if (prec > digs.dp) prec = digs.d.length;
  return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
}

// ---- strings: strconv.Quote ----

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const isPrint = (ch: string) => ch === " " || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch);

function escapeRune(ch: string, quote: string): string {
  const c = ch.codePointAt(0)!;
  if (ch === quote || ch === "\\") return "\\" + ch;
  if (isPrint(ch)) return ch;
  const named: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };
  if (named[ch]) return named[ch];
  if (c < 0x20 || c === 0x7f) return "\\x" + c.toString(16).padStart(2, "0");
  if (c >= 0xd800 && c <= 0xdfff) return "\\ufffd";
  if (c < 0x10000) return "\\u" + c.toString(16).padStart(4, "0");
  return "\\U" + c.toString(16).padStart(8, "0");
}

/** strconv.Quote */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch, '"');
  return out + '"';
}

/** strconv.QuoteRune */
function quoteRune(r: bigint): string {
  const c = Number(r);
  const ch = c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ? "\ufffd" : String.fromCodePoint(c);
  return "'" + escapeRune(ch, "'") + "'";
}

// ---- the printer: a port of fmt's pp for the verbs templates use ----

interface Flags {
  /** %+v: field names */
  plusV?: boolean;
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  wid?: number;
  prec?: number;
}

const noFlags: Flags = { plus: false, minus: false, sharp: false, space: false, zero: false };

function pad(s: string, f: Flags): string {
  const n = Array.from(s).length;
  if (f.wid === undefined || f.wid <= n) return s;
  const fill = (f.zero && !f.minus ? "0" : " ").repeat(f.wid - n);
  return f.minus ? s + " ".repeat(f.wid - n) : fill + s;
}

/** A signed number string padded as fmt pads numbers: zeros go after the sign. */
function padNumber(s: string, f: Flags): string {
  if (f.zero && !f.minus && f.wid !== undefined && /^[-+ ]/.test(s) && f.wid > s.length) return s[0] + "0".repeat(f.wid - s.length) + s.slice(1);
  return pad(s, f);
}

function fmtInteger(v: bigint, verb: string, f: Flags): string | undefined {
  let digits: string;
  const neg = v < 0n;
  const a = neg ? -v : v;
  switch (verb) {
    case "v":
    case "d":
      digits = a.toString(10);
      break;
    case "b":
      digits = a.toString(2);
      break;
    case "o":
    case "O":
      digits = a.toString(8);
      break;
    case "x":
      digits = a.toString(16);
      break;
    case "X":
      digits = a.toString(16).toUpperCase();
      break;
    case "c":
      return pad(Number(v) >= 0 && Number(v) <= 0x10ffff ? String.fromCodePoint(Number(v)) : "\ufffd", f);
    case "q":
      return pad(quoteRune(v), f);
    case "U":
      return pad("U+" + a.toString(16).toUpperCase().padStart(4, "0"), f);
    default:
      return undefined;
  }
  if (f.prec !== undefined) digits = digits.padStart(f.prec, "0");
  if (f.sharp) digits = (verb === "o" ? "0" : verb === "x" ? "0x" : verb === "X" ? "0X" : verb === "b" ? "0b" : "") + digits;
  if (verb === "O") digits = "0o" + digits;
  const sign = neg ? "-" : f.plus ? "+" : f.space ? " " : "";
  return f.prec !== undefined ? pad(sign + digits, { ...f, zero: false }) : padNumber(sign + digits, f);
}

function fmtFloatVerb(v: number, verb: string, f: Flags): string | undefined {
  let fmt: "e" | "E" | "f" | "g" | "G";
  let prec: number;
  switch (verb) {
    case "v":
    case "g":
    case "G":
      fmt = verb === "G" ? "G" : "g";
      prec = f.prec ?? -1;
      break;
    case "e":
    case "E":
      fmt = verb;
      prec = f.prec ?? 6;
      break;
    case "f":
    case "F":
      fmt = "f";
      prec = f.prec ?? 6;
      break;
    default:
      return undefined;
  }
  let num = formatFloat(v, fmt, prec);
  if (num === "NaN" || num.endsWith("Inf")) {
    // fmt keeps the sign of an infinity (+Inf) and drops the one it would add to NaN
    if (num === "NaN") num = f.plus ? "+NaN" : f.space ? " NaN" : "NaN";
    else if (num === "+Inf" && f.space && !f.plus) num = " Inf";
    return pad(num, { ...f, zero: false });
  }
  if (!num.startsWith("-")) num = (f.plus ? "+" : f.space ? " " : "") + num;
  return padNumber(num, f);
}

function fmtString(s: string, verb: string, f: Flags): string | undefined {
  switch (verb) {
    case "v":
    case "s":
      return pad(f.prec !== undefined ? Array.from(s).slice(0, f.prec).join("") : s, f);
    case "q":
      return pad(goQuote(s), f);
    case "x":
    case "X": {
      const hex = utf8(s).toString("hex");
      return pad(verb === "X" ? hex.toUpperCase() : hex, f);
    }
    default:
      return undefined;
  }
}

/** time.Time.String() for a UTC instant. */
function timeString(t: GoTime): string {
  const iso = new Date(t.ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? "." + frac : ""} +0000 UTC`;
}

class Printer {
  out = "";

  /** fmt's badVerb: %!d(float64=3) */
  private badVerb(verb: string, v: Value) {
    this.out += "%!" + verb + "(";
    if (isNil(v)) this.out += "<nil>";
    else {
      this.out += typeName(v) + "=";
      this.printArg(v, "v", noFlags, 0);
    }
    this.out += ")";
  }

  printArg(v: Value, verb: string, f: Flags, depth: number): void {
    if (verb === "T") {
      this.out += pad(typeName(v), f);
      return;
    }
    if (v === IFACE_NIL || isNil(v)) {
      if (depth > 0 || verb === "v") this.out += pad("<nil>", f);
      else this.badVerb(verb, v);
      return;
    }
    let s: string | undefined;
    if (typeof v === "boolean") s = verb === "t" || verb === "v" ? pad(String(v), f) : undefined;
    else if (typeof v === "number") s = fmtFloatVerb(v, verb, f);
    else if (typeof v === "bigint" || v instanceof GoInt) s = fmtInteger(intValue(v), verb, f);
    else if (typeof v === "string") s = fmtString(v, verb, f);
    else if (v instanceof GoTime) s = "vsxXq".includes(verb) ? fmtString(timeString(v), verb, f) : undefined;
    else if (v instanceof Method) s = pad("0x1", f);
    else {
      this.printComposite(v, verb, f, depth);
      return;
    }
    if (s === undefined) this.badVerb(verb, v);
    else this.out += s;
  }

  private printComposite(v: Value, verb: string, f: Flags, depth: number) {
    if (v instanceof GoStruct) {
      this.out += "{";
      Object.keys(v.fields).forEach((k, i) => {
        if (i > 0) this.out += " ";
        if (f.plusV) this.out += k + ":";
        this.printArg(v.fields[k], verb, f, depth + 1);
      });
      this.out += "}";
      return;
    }
    if (Array.isArray(v)) {
      this.out += "[";
      v.forEach((x, i) => {
        if (i > 0) this.out += " ";
        this.printArg(x, verb, f, depth + 1);
      });
      this.out += "]";
      return;
    }
    if (isMap(v)) {
      this.out += "map[";
      sortedKeys(v).forEach((k, i) => {
        if (i > 0) this.out += " ";
        this.printArg(k, verb, f, depth + 1);
        this.out += ":";
        this.printArg(v[k], verb, f, depth + 1);
      });
      this.out += "]";
      return;
    }
    this.out += String(v);
  }
}

/** fmt.Sprint(v) for one operand: what `{{ x }}` writes (the caller handles <no value>). */
export function goString(v: Value): string {
  const p = new Printer();
  p.printArg(v, "v", noFlags, 0);
  return p.out;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: Value[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((a, i) => {
    const isString = typeof a === "string";
    if (i > 0 && !isString && !prevString) p.out += " ";
    p.printArg(a, "v", noFlags, 0);
    prevString = isString;
  });
  return p.out;
}

/** fmt.Sprintln: spaces between all operands, a newline at the end. */
export function sprintln(args: Value[]): string {
  const p = new Printer();
  args.forEach((a, i) => {
    if (i > 0) p.out += " ";
    p.printArg(a, "v", noFlags, 0);
  });
  return p.out + "\n";
}

/** fmt.Sprintf, with Go's flags, width, precision (also `*`) and its error notations. */
export function sprintf(format: string, args: Value[]): string {
  const p = new Printer();
  let argNum = 0;
  let i = 0;
  const intArg = (): number | undefined => {
    const a = args[argNum++];
    return typeof a === "bigint" || a instanceof GoInt ? Number(intValue(a)) : undefined;
  };
  while (i < format.length) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      p.out += format.slice(i);
      break;
    }
    p.out += format.slice(i, pct);
    i = pct + 1;
    const f: Flags = { ...noFlags };
    for (; i < format.length && "+-# 0".includes(format[i]); i++) {
      const c = format[i];
      if (c === "+") f.plus = true;
      else if (c === "-") f.minus = true;
      else if (c === "#") f.sharp = true;
      else if (c === " ") f.space = true;
      else f.zero = true;
    }
    if (format[i] === "*") {
      i++;
      const w = intArg();
      if (w === undefined) p.out += "%!(BADWIDTH)";
      else if (w < 0) {
        f.minus = true;
        f.wid = -w;
      } else f.wid = w;
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        f.wid = Number(m[0]);
        i += m[0].length;
      }
    }
    if (format[i] === ".") {
      i++;
      if (format[i] === "*") {
        i++;
        const pr = intArg();
        if (pr === undefined || pr < 0) p.out += "%!(BADPREC)";
        else f.prec = pr;
      } else {
        const m = /^\d*/.exec(format.slice(i))!;
        f.prec = m[0] ? Number(m[0]) : 0;
        i += m[0].length;
      }
    }
    if (i >= format.length) {
      p.out += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === "%") {
      p.out += "%";
      continue;
    }
    if (argNum >= args.length) {
      p.out += "%!" + verb + "(MISSING)";
      continue;
    }
    if (f.minus) f.zero = false;
    // for %v, + asks for field names and # for Go syntax, not a sign or a prefix
    if (verb === "v") {
      f.plusV = f.plus;
      f.plus = false;
      f.sharp = false;
    }
    p.printArg(args[argNum++], verb, f, 0);
  }
  if (argNum < args.length) {
    p.out += "%!(EXTRA ";
    args.slice(argNum).forEach((a, k) => {
      if (k > 0) p.out += ", ";
      if (isNil(a)) p.out += "<nil>";
      else {
        p.out += typeName(a) + "=";
        p.printArg(a, "v", noFlags, 0);
      }
    });
    p.out += ")";
  }
  return p.out;
}

/** True when a map or list is a nil one (prints as empty). */
export const isNilComposite = (v: Value) => tagOf(v)?.nil === true;

/**
 * Go's fmt and strconv as templates use them: what an action prints (fmt.Fprint of the value),
 * print/println/printf, and the number formatting behind them. Followed from Go 1.19's
 * src/fmt/print.go, src/fmt/format.go and src/strconv/ftoa.go, quote.go: a float64 prints in
 * %g's shortest form (1e+06, 1.5e-07), maps print as map[k:v] with sorted keys, a nil inside a
 * list prints as <nil>, and a verb that does not fit its operand prints as %!d(float64=3).
 */
import { GoInt, GoStruct, GoTime, IFACE_NIL, intValue, isInt, isMap, isNil, Method, sortedKeys, tagOf, typeName, utf8, Value } from "./gotypes";

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
  if (!shortest && (fmt === "g" || fmt === "G") && prec === 0) prec = 1;
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

function escapeRune(ch: string, quote: string, ascii: boolean): string {
  const c = ch.codePointAt(0)!;
  if (ch === quote || ch === "\\") return "\\" + ch;
  if (ascii ? c < 0x80 && isPrint(ch) : isPrint(ch)) return ch;
  const named: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };
  if (named[ch]) return named[ch];
  if (c < 0x20 || c === 0x7f) return "\\x" + c.toString(16).padStart(2, "0");
  if (c >= 0xd800 && c <= 0xdfff) return "\\ufffd";
  if (c < 0x10000) return "\\u" + c.toString(16).padStart(4, "0");
  return "\\U" + c.toString(16).padStart(8, "0");
}

/** strconv.Quote (QuoteToASCII when ascii) */
export function goQuote(s: string, ascii = false): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch, '"', ascii);
  return out + '"';
}

/** strconv.QuoteRune (QuoteRuneToASCII when ascii) */
function quoteRune(r: bigint, ascii: boolean): string {
  const c = Number(r);
  const ch = r < 0n || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ? "\ufffd" : String.fromCodePoint(c);
  return "'" + escapeRune(ch, "'", ascii) + "'";
}

/** strconv.CanBackquote */
const canBackquote = (s: string) => !/[`\u0000-\u0008\u000a-\u001f\u007f\ufeff]/.test(s);

// ---- strconv: %b and %x of floats ----

function floatBits(x: number): { neg: boolean; mant: bigint; exp: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  return { neg: bits >> 63n === 1n, mant, exp: exp - 1023 };
}

/** %b: -ddddp±ddd */
function fmtB(x: number): string {
  const { neg, mant, exp } = floatBits(x);
  const e = exp - 52;
  return (neg ? "-" : "") + mant.toString() + "p" + (e >= 0 ? "+" : "") + e;
}

/** %x: -0x1.yyyyp±dd */
function fmtX(x: number, prec: number, upper: boolean): string {
  const bits = floatBits(x);
  const neg = bits.neg;
  let { mant, exp } = bits;
  const mask64 = (1n << 64n) - 1n;
  if (mant === 0n) exp = 0;
  mant = (mant << 8n) & mask64;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant = (mant << 1n) & mask64;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant = (mant << (60n - shift)) & mask64;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  let out = (neg ? "-" : "") + "0" + (upper ? "X" : "x") + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & mask64;
  if (prec < 0 && mant !== 0n) {
    out += ".";
    while (mant !== 0n) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & mask64;
    }
  } else if (prec > 0) {
    out += ".";
    for (let i = 0; i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & mask64;
    }
  }
  out += upper ? "P" : "p";
  if (exp < 0) {
    out += "-";
    exp = -exp;
  } else out += "+";
  return out + (exp < 10 ? "0" + exp : String(exp));
}

/** strconv.AppendFloat for every float verb fmt passes on */
function appendFloat(v: number, verb: string, prec: number): string {
  if (verb === "b") return Number.isFinite(v) ? fmtB(v) : formatFloat(v, "g", -1);
  if (verb === "x" || verb === "X") return Number.isFinite(v) ? fmtX(v, prec, verb === "X") : formatFloat(v, "g", -1);
  return formatFloat(v, verb as "e" | "E" | "f" | "g" | "G", prec);
}

// ---- the printer: fmt's pp and fmt (src/fmt/print.go, format.go) ----

interface Flags {
  widPresent: boolean;
  precPresent: boolean;
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  /** %+v: field names */
  plusV: boolean;
  /** %#v: Go syntax */
  sharpV: boolean;
  wid: number;
  prec: number;
}

const clearFlags = (): Flags => ({ widPresent: false, precPresent: false, minus: false, plus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false, wid: 0, prec: 0 });

const runeCount = (s: string) => Array.from(s).length;

/** time.Time.String() for a UTC instant. */
function timeString(t: GoTime): string {
  const iso = new Date(t.ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? "." + frac : ""} +0000 UTC`;
}

class Printer {
  out = "";
  f: Flags = clearFlags();
  private erroring = false;

  private writePadding(n: number) {
    if (n > 0) this.out += (this.f.zero ? "0" : " ").repeat(n);
  }
  private pad(s: string) {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.out += s;
      return;
    }
    const width = this.f.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.out += s;
    } else {
      this.out += s;
      this.writePadding(width);
    }
  }
  private truncate(s: string): string {
    if (!this.f.precPresent) return s;
    return Array.from(s).slice(0, this.f.prec).join("");
  }
  private fmtS(s: string) {
    this.pad(this.truncate(s));
  }
  private fmtQ(s: string) {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) this.pad("`" + s + "`");
    else this.pad(goQuote(s, this.f.plus));
  }
  private fmtSx(s: string, upper: boolean) {
    let bytes = [...utf8(s)];
    if (this.f.precPresent && this.f.prec < bytes.length) bytes = bytes.slice(0, this.f.prec);
    let width = 2 * bytes.length;
    if (width > 0) {
      if (this.f.space) {
        if (this.f.sharp) width *= 2;
        width += bytes.length - 1;
      } else if (this.f.sharp) width += 2;
    } else {
      if (this.f.widPresent) this.writePadding(this.f.wid);
      return;
    }
    if (this.f.widPresent && this.f.wid > width && !this.f.minus) this.writePadding(this.f.wid - width);
    const prefix = upper ? "0X" : "0x";
    const hex = (b: number) => (upper ? b.toString(16).toUpperCase() : b.toString(16)).padStart(2, "0");
    let out = this.f.sharp ? prefix : "";
    bytes.forEach((b, i) => {
      if (this.f.space && i > 0) out += " " + (this.f.sharp ? prefix : "");
      out += hex(b);
    });
    this.out += out;
    if (this.f.widPresent && this.f.wid > width && this.f.minus) this.writePadding(this.f.wid - width);
  }

  private fmtInteger(arg: bigint | GoInt, verb: string) {
    const v = intValue(arg);
    const unsigned = arg instanceof GoInt && arg.type === "uint8";
    const base = verb === "b" ? 2 : verb === "o" || verb === "O" ? 8 : verb === "x" || verb === "X" ? 16 : 10;
    switch (verb) {
      case "v":
        if (this.f.sharpV && unsigned) {
          this.out += "0x" + v.toString(16);
          return;
        }
        return this.integer(v, 10, verb);
      case "d":
      case "b":
      case "o":
      case "O":
      case "x":
      case "X":
        return this.integer(v, base, verb);
      case "c":
        return this.pad(v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn) ? "\ufffd" : String.fromCodePoint(Number(v)));
      case "q":
        return this.pad(quoteRune(v, this.f.plus));
      case "U":
        // fmt passes the integer on as a uint64
        return this.unicode(BigInt.asUintN(64, v));
      default:
        return this.badVerb(verb, arg);
    }
  }

  /** fmt.fmtInteger */
  private integer(v: bigint, base: number, verb: string) {
    const negative = v < 0n;
    const u = negative ? -v : v;
    let prec = 0;
    if (this.f.precPresent) {
      prec = this.f.prec;
      if (prec === 0 && u === 0n) {
        const z = this.f.zero;
        this.f.zero = false;
        this.writePadding(this.f.wid);
        this.f.zero = z;
        return;
      }
    } else if (this.f.zero && this.f.widPresent) {
      prec = this.f.wid;
      if (negative || this.f.plus || this.f.space) prec--;
    }
    let digits = u.toString(base);
    if (verb === "X") digits = digits.toUpperCase();
    if (digits.length < prec) digits = "0".repeat(prec - digits.length) + digits;
    if (this.f.sharp) {
      if (base === 2) digits = "0b" + digits;
      else if (base === 8 && digits[0] !== "0") digits = "0" + digits;
      else if (base === 16) digits = (verb === "X" ? "0X" : "0x") + digits;
    }
    if (verb === "O") digits = "0o" + digits;
    const sign = negative ? "-" : this.f.plus ? "+" : this.f.space ? " " : "";
    const z = this.f.zero;
    this.f.zero = false;
    this.pad(sign + digits);
    this.f.zero = z;
  }

  /** fmt.fmtUnicode: U+0078, with # also 'x' */
  private unicode(v: bigint) {
    let prec = 4;
    if (this.f.precPresent && this.f.prec > 4) prec = this.f.prec;
    let s = "U+" + v.toString(16).toUpperCase().padStart(prec, "0");
    if (this.f.sharp && v >= 0n && v <= 0x10ffffn && isPrint(String.fromCodePoint(Number(v)))) s += ` '${String.fromCodePoint(Number(v))}'`;
    const z = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = z;
  }

  /** pp.fmtFloat and fmt.fmtFloat */
  private fmtFloat(v: number, verb: string) {
    let prec: number;
    switch (verb) {
      case "v":
        return this.float(v, "g", -1);
      case "b":
      case "g":
      case "G":
      case "x":
      case "X":
        return this.float(v, verb, -1);
      case "f":
      case "e":
      case "E":
        prec = 6;
        return this.float(v, verb, prec);
      case "F":
        return this.float(v, "f", 6);
      default:
        return this.badVerb(verb, v);
    }
  }

  private float(v: number, verb: string, prec: number) {
    if (this.f.precPresent) prec = this.f.prec;
    let num = appendFloat(v, verb, prec);
    num = num[0] === "-" || num[0] === "+" ? num : "+" + num;
    if (this.f.space && num[0] === "+" && !this.f.plus) num = " " + num.slice(1);
    if (num[1] === "I" || num[1] === "N") {
      const z = this.f.zero;
      this.f.zero = false;
      if (num[1] === "N" && !this.f.space && !this.f.plus) num = num.slice(1);
      this.pad(num);
      this.f.zero = z;
      return;
    }
    if (this.f.sharp && verb !== "b") {
      let digits = 0;
      if (verb === "v" || verb === "g" || verb === "G" || verb === "x") digits = prec === -1 ? 6 : prec;
      let tail = "";
      let hasDecimalPoint = false;
      let sawNonzero = false;
      let body = num;
      for (let i = 1; i < body.length; i++) {
        const c = body[i];
        if (c === ".") hasDecimalPoint = true;
        else if (c === "p" || c === "P" || ((c === "e" || c === "E") && verb !== "x" && verb !== "X")) {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else {
          if (c !== "0") sawNonzero = true;
          if (sawNonzero) digits--;
        }
      }
      if (!hasDecimalPoint) {
        if (body.length === 2 && body[1] === "0") digits--;
        body += ".";
      }
      while (digits-- > 0) body += "0";
      num = body + tail;
    }
    if (this.f.plus || num[0] !== "+") {
      if (this.f.zero && this.f.widPresent && this.f.wid > num.length) {
        this.out += num[0];
        this.writePadding(this.f.wid - num.length);
        this.out += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private fmtString(s: string, verb: string) {
    switch (verb) {
      case "v":
        return this.f.sharpV ? this.fmtQ(s) : this.fmtS(s);
      case "s":
        return this.fmtS(s);
      case "x":
      case "X":
        return this.fmtSx(s, verb === "X");
      case "q":
        return this.fmtQ(s);
      default:
        return this.badVerb(verb, s);
    }
  }

  /** pp.badVerb: %!d(float64=3), the value printed with the flags in force */
  private badVerb(verb: string, v: Value) {
    this.erroring = true;
    this.out += "%!" + verb + "(";
    if (isNil(v)) this.out += "<nil>";
    else {
      this.out += typeName(v) + "=";
      this.printArg(v, "v");
    }
    this.out += ")";
    this.erroring = false;
  }

  /** pp.handleMethods: a Stringer (time.Time) prints as its String() for %v %s %x %X %q */
  private handleMethods(v: Value, verb: string): boolean {
    if (this.erroring || this.f.sharpV) return false;
    if (v instanceof GoTime && "vsxXq".includes(verb)) {
      this.fmtString(timeString(v), verb);
      return true;
    }
    return false;
  }

  printArg(v: Value, verb: string): void {
    if (isNil(v)) {
      if (verb === "T" || verb === "v") this.pad("<nil>");
      else this.badVerb(verb, v);
      return;
    }
    if (verb === "T") return this.fmtS(typeName(v));
    if (typeof v === "boolean") return verb === "t" || verb === "v" ? this.pad(String(v)) : this.badVerb(verb, v);
    if (typeof v === "number") return this.fmtFloat(v, verb);
    if (typeof v === "bigint" || v instanceof GoInt) return this.fmtInteger(v, verb);
    if (typeof v === "string") return this.fmtString(v, verb);
    if (this.handleMethods(v, verb)) return;
    this.printValue(v, verb, 0);
  }

  /** pp.printValue for composites: maps (sorted), slices, structs, pointers to structs */
  private printValue(v: Value, verb: string, depth: number): void {
    if (depth > 0) {
      if (v === IFACE_NIL || isNil(v)) {
        this.out += this.f.sharpV ? "interface {}(nil)" : "<nil>";
        return;
      }
      if (typeof v !== "object" || v instanceof GoInt) return this.printArg(v, verb);
      if (this.handleMethods(v, verb)) return;
    }
    if (v instanceof GoStruct) {
      if (v.type.startsWith("*") && depth > 0) {
        this.out += "0xc000000000";
        return;
      }
      if (v.type.startsWith("*")) this.out += "&";
      if (this.f.sharpV) this.out += v.type.replace(/^\*/, "");
      this.out += "{";
      Object.keys(v.fields).forEach((k, i) => {
        if (i > 0) this.out += this.f.sharpV ? ", " : " ";
        if (this.f.plusV || this.f.sharpV) this.out += k + ":";
        this.printValue(v.fields[k], verb, depth + 1);
      });
      this.out += "}";
      return;
    }
    if (Array.isArray(v)) {
      if (this.f.sharpV) {
        this.out += typeName(v);
        if (tagOf(v)?.nil) {
          this.out += "(nil)";
          return;
        }
        this.out += "{";
        v.forEach((x, i) => {
          if (i > 0) this.out += ", ";
          this.printValue(x, verb, depth + 1);
        });
        this.out += "}";
        return;
      }
      this.out += "[";
      v.forEach((x, i) => {
        if (i > 0) this.out += " ";
        this.printValue(x, verb, depth + 1);
      });
      this.out += "]";
      return;
    }
    if (isMap(v)) {
      if (this.f.sharpV) {
        this.out += typeName(v);
        if (tagOf(v)?.nil) {
          this.out += "(nil)";
          return;
        }
        this.out += "{";
      } else this.out += "map[";
      sortedKeys(v).forEach((k, i) => {
        if (i > 0) this.out += this.f.sharpV ? ", " : " ";
        this.printValue(k, verb, depth + 1);
        this.out += ":";
        this.printValue(v[k], verb, depth + 1);
      });
      this.out += this.f.sharpV ? "}" : "]";
      return;
    }
    if (v instanceof Method) {
      this.out += "0x0";
      return;
    }
    this.out += String(v);
  }
}

/** fmt.Sprint(v) for one operand: what `{{ x }}` writes (the caller handles <no value>). */
export function goString(v: Value): string {
  const p = new Printer();
  p.printArg(v, "v");
  return p.out;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: Value[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((a, i) => {
    const isString = typeof a === "string";
    if (i > 0 && !isString && !prevString) p.out += " ";
    p.printArg(a, "v");
    prevString = isString;
  });
  return p.out;
}

/** fmt.Sprintln: spaces between all operands, a newline at the end. */
export function sprintln(args: Value[]): string {
  const p = new Printer();
  args.forEach((a, i) => {
    if (i > 0) p.out += " ";
    p.printArg(a, "v");
  });
  return p.out + "\n";
}

/** parsenum: a decimal at i (at most 1e6) */
function parsenum(s: string, i: number): { num: number; ok: boolean; i: number } {
  let num = 0;
  let ok = false;
  for (; i < s.length && s[i] >= "0" && s[i] <= "9"; i++) {
    if (num > 1e6) return { num: 0, ok: false, i: s.length };
    num = num * 10 + (s.charCodeAt(i) - 48);
    ok = true;
  }
  return { num, ok, i };
}

/** fmt.Sprintf: pp.doPrintf, with flags, width, precision, `*` and argument indexes [n]. */
export function sprintf(format: string, a: Value[]): string {
  const p = new Printer();
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;
  const argNumber = (i: number): [number, boolean] => {
    if (format[i] !== "[") return [i, false];
    reordered = true;
    const close = format.indexOf("]", i + 1);
    if (close < 0 || close - i < 2) {
      goodArgNum = false;
      return [i + 1, false];
    }
    const n = parsenum(format, i + 1);
    if (!n.ok || n.i !== close) {
      goodArgNum = false;
      return [close + 1, false];
    }
    if (n.num - 1 >= 0 && n.num - 1 < a.length) {
      argNum = n.num - 1;
      return [close + 1, true];
    }
    goodArgNum = false;
    return [close + 1, true];
  };
  const intFromArg = (): { num: number; ok: boolean } => {
    if (argNum >= a.length) return { num: 0, ok: false };
    const v = a[argNum++];
    if (!isInt(v) || intValue(v) > 1000000n || intValue(v) < -1000000n) return { num: 0, ok: false };
    return { num: Number(intValue(v)), ok: true };
  };
  const end = format.length;
  let i = 0;
  formatLoop: while (i < end) {
    goodArgNum = true;
    const lasti = i;
    while (i < end && format[i] !== "%") i++;
    if (i > lasti) p.out += format.slice(lasti, i);
    if (i >= end) break;
    i++;
    p.f = clearFlags();
    simple: for (; i < end; i++) {
      const c = format[i];
      switch (c) {
        case "#":
          p.f.sharp = true;
          break;
        case "0":
          p.f.zero = !p.f.minus;
          break;
        case "+":
          p.f.plus = true;
          break;
        case "-":
          p.f.minus = true;
          p.f.zero = false;
          break;
        case " ":
          p.f.space = true;
          break;
        default:
          if (c >= "a" && c <= "z" && argNum < a.length) {
            if (c === "v") {
              p.f.sharpV = p.f.sharp;
              p.f.sharp = false;
              p.f.plusV = p.f.plus;
              p.f.plus = false;
            }
            p.printArg(a[argNum++], c);
            i++;
            continue formatLoop;
          }
          break simple;
      }
    }
    [i, afterIndex] = argNumber(i);
    if (i < end && format[i] === "*") {
      i++;
      const w = intFromArg();
      p.f.wid = w.num;
      p.f.widPresent = w.ok;
      if (!w.ok) p.out += "%!(BADWIDTH)";
      if (p.f.wid < 0) {
        p.f.wid = -p.f.wid;
        p.f.minus = true;
        p.f.zero = false;
      }
      afterIndex = false;
    } else {
      const n = parsenum(format, i);
      p.f.wid = n.num;
      p.f.widPresent = n.ok;
      i = n.i;
      if (afterIndex && p.f.widPresent) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === ".") {
      i++;
      if (afterIndex) goodArgNum = false;
      [i, afterIndex] = argNumber(i);
      if (i < end && format[i] === "*") {
        i++;
        const pr = intFromArg();
        p.f.prec = pr.num;
        p.f.precPresent = pr.ok;
        if (p.f.prec < 0) {
          p.f.prec = 0;
          p.f.precPresent = false;
        }
        if (!p.f.precPresent) p.out += "%!(BADPREC)";
        afterIndex = false;
      } else {
        const n = parsenum(format, i);
        p.f.prec = n.num;
        p.f.precPresent = n.ok;
        i = n.i;
        if (!p.f.precPresent) {
          p.f.prec = 0;
          p.f.precPresent = true;
        }
      }
    }
    if (!afterIndex) [i, afterIndex] = argNumber(i);
    if (i >= end) {
      p.out += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === "%") p.out += "%";
    else if (!goodArgNum) p.out += "%!" + verb + "(BADINDEX)";
    else if (argNum >= a.length) p.out += "%!" + verb + "(MISSING)";
    else {
      if (verb === "v") {
        p.f.sharpV = p.f.sharp;
        p.f.sharp = false;
        p.f.plusV = p.f.plus;
        p.f.plus = false;
      }
      p.printArg(a[argNum++], verb);
    }
  }
  if (!reordered && argNum < a.length) {
    p.f = clearFlags();
    p.out += "%!(EXTRA ";
    a.slice(argNum).forEach((x, k) => {
      if (k > 0) p.out += ", ";
      if (isNil(x)) p.out += "<nil>";
      else {
        p.out += typeName(x) + "=";
        p.printArg(x, "v");
      }
    });
    p.out += ")";
  }
  return p.out;
}

/**
 * Digits of pi with BigInt (Machin's formula), for `perl -Mbignum=bpi -wle 'print bpi(N)'`:
 * N significant digits, the last one rounded as Math::BigFloat rounds (to nearest, ties to even).
 */
function arctanInverse(x: bigint, unity: bigint): bigint {
  let sum = unity / x;
  let term = sum;
  const x2 = x * x;
  let n = 1n;
  let sign = -1n;
  while (term !== 0n) {
    term /= x2;
    sum += (sign * term) / (2n * n + 1n);
    sign = -sign;
    n++;
  }
  return sum;
}

export function piDigits(digits: number): string {
  const guard = 12;
  const unity = 10n ** BigInt(digits + guard);
  const pi = 4n * (4n * arctanInverse(5n, unity) - arctanInverse(239n, unity));
  const text = pi.toString();
  // text has 1 integer digit followed by digits+guard decimals (approximately).
  const kept = text.slice(0, digits);
  const rest = text.slice(digits);
  let rounded = BigInt(kept);
  const first = Number(rest[0] ?? '0');
  const tail = rest.slice(1).replace(/0/g, '');
  if (first > 5 || (first === 5 && (tail !== '' || Number(kept[kept.length - 1]) % 2 === 1))) rounded += 1n;
  const out = rounded.toString();
  return out.length > 1 ? `${out[0]}.${out.slice(1)}` : out;
}

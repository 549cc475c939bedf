// The 计量单位 cell of a statistics-table row.

/** Units the statistics tables print: counters and money. */
const UNIT = /^(?:条|件|个|项|次|人次|份|篇|宗|起|万元|元|亿元)$/;

/** Given a cell's text (spaces removed), returns whether it is a printed unit. */
export function printedUnit(text: string): boolean {
  return UNIT.test(text);
}

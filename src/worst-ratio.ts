// The checkers' verdict: the largest |result − reference| / bound over every quantity, and where.

export class WorstRatio<Quantity extends string> {
  ratio = 0;
  index = 0;
  quantity: Quantity;

  constructor(first: Quantity) {
    this.quantity = first;
  }

  /** Takes one quantity; a NaN in the result counts as ∞, and the first ∞ stays the worst. */
  consider(got: number, want: number, bound: number, quantity: Quantity, index: number): void {
    const diff = Math.abs(got - want);
    let ratio = diff === 0 ? 0 : diff / bound;
    if (!(ratio >= 0)) ratio = Infinity;
    if (ratio > this.ratio || (ratio === Infinity && this.ratio !== Infinity)) {
      this.ratio = ratio;
      this.quantity = quantity;
      this.index = index;
    }
  }
}

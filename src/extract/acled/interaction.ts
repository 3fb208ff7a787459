// ACLED Codebook, "Interaction": both actors' inter codes, the lower first (13: state forces
// against political militia); a lone actor's code followed by 0 (60: protesters alone).
export function interaction(inter1: number, inter2: number): number {
  return inter2 ? Number(`${Math.min(inter1, inter2)}${Math.max(inter1, inter2)}`) : inter1 * 10;
}

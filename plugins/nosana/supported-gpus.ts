/**
 * Nosana's supported GPU families: GeForce RTX 30xx/40xx/50xx, RTX A4000–A6500, A40, A100 and H100.
 * nvidia-smi spells models in several ways ("NVIDIA GeForce RTX 4090", "NVIDIA RTX A5000",
 * "NVIDIA A100-SXM4-80GB", "NVIDIA H100 80GB HBM3"), so each family is matched as a word.
 */
export const SUPPORTED_GPU_LIST = 'RTX 30xx/40xx/50xx, RTX A4000–A6500, A40, A100, H100';

// GeForce cards run x050–x090; this keeps out Quadro RTX 4000/5000 and the Ada workstation cards.
const GEFORCE_RTX = /\bRTX\s*(30|40|50)[5-9]0\b/i;
const RTX_A_SERIES = /\bA(\d{4})\b/i;
const DATACENTER = /\b(A40|A100|H100)\b/i;

/** True when the model name belongs to a GPU family on Nosana's supported list. */
export function isSupportedGpu(model: string): boolean {
  if (GEFORCE_RTX.test(model) || DATACENTER.test(model)) return true;
  const a = RTX_A_SERIES.exec(model);
  if (!a) return false;
  const n = Number(a[1]);
  return n >= 4000 && n <= 6500;
}

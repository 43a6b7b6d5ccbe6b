package dev.gallop.engine.models.magihuman;

/// The 3-axis "element-wise Fourier" RoPE of the DiT (docs/models/magihuman.md#rope): per token 9 coordinates
/// (t, h, w, size T, H, W, reference T, H, W); angle[axis, k] = (coord − centre)·scale·band_k with
/// scale = (ref − 1)/(size − 1) (1 when size = 1) and the centre (size − 1)/2 subtracted for h and w only.
/// The tables hold sin and cos of the 3·bands angles per token, axis-major (angle i = axis·bands + k).
public record RopeTables(float[] coords, float[] sin, float[] cos, int tokens, int angles) {

    /// Coordinates of every token, [N, 9].
    public static float[] coordinates(TokenLayout l, MagiHumanConfig.TextCoords style) {
        int n = l.total();
        float[] c = new float[n * 9];
        int i = 0;
        for (int t = 0; t < l.frames(); t++) {
            for (int y = 0; y < l.gridH(); y++) {
                for (int x = 0; x < l.gridW(); x++) {
                    put(c, i++, t, y, x, l.frames(), l.gridH(), l.gridW(), l.frames(), l.gridH(), l.gridW());
                }
            }
        }
        int la = l.audioTokens();
        int audioRef = (la - 1) / 4 + 1;                   // audio time mapped onto latent frames
        for (int a = 0; a < la; a++) put(c, i++, a, 0, 0, la, 1, 1, audioRef, 1, 1);
        int lt = l.textTokens();
        for (int s = 0; s < lt; s++) {
            if (style == MagiHumanConfig.TextCoords.V2) put(c, i++, s - lt, 0, 0, lt, 1, 1, 1, 1, 1);
            else put(c, i++, s, 0, 0, lt, 1, 1, 2, 1, 1);
        }
        return c;
    }

    private static void put(float[] c, int i, float t, float h, float w, float st, float sh, float sw, float rt, float rh, float rw) {
        float[] v = {t, h, w, st, sh, sw, rt, rh, rw};
        System.arraycopy(v, 0, c, i * 9, 9);
    }

    /// Builds the sin/cos tables from coordinates and the per-axis bands (the checkpoint's `adapter.rope.bands`).
    public static RopeTables build(TokenLayout l, MagiHumanConfig.TextCoords style, float[] bands) {
        float[] coords = coordinates(l, style);
        int n = l.total(), nb = bands.length, na = 3 * nb;
        float[] sin = new float[n * na], cos = new float[n * na];
        for (int tok = 0; tok < n; tok++) {
            for (int axis = 0; axis < 3; axis++) {
                float coord = coords[tok * 9 + axis], size = coords[tok * 9 + 3 + axis], ref = coords[tok * 9 + 6 + axis];
                float scale = size == 1f ? 1f : (ref - 1f) / (size - 1f);
                float centre = axis == 0 ? 0f : (size - 1f) / 2f;
                float pos = (coord - centre) * scale;
                for (int k = 0; k < nb; k++) {
                    float angle = pos * bands[k];
                    sin[tok * na + axis * nb + k] = (float) Math.sin(angle);
                    cos[tok * na + axis * nb + k] = (float) Math.cos(angle);
                }
            }
        }
        return new RopeTables(coords, sin, cos, n, na);
    }
}

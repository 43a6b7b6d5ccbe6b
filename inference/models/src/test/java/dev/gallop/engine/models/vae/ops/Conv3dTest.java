package dev.gallop.engine.models.vae.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gallop.engine.backend.ConvPadding;
import java.util.Random;
import org.junit.jupiter.api.Test;

/// The vector conv against its scalar twin (bit for bit) at odd sizes, and the scalar twin against a plain
/// double-precision convolution written from the padding rules.
class Conv3dTest {
    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    static Conv3d conv(Random r, int cout, int cin, int kt, int kh, int kw, ConvPadding p) {
        return new Conv3d(random(r, cout * cin * kt * kh * kw), random(r, cout), cout, cin, kt, kh, kw, p);
    }

    void twins(int cout, int cin, int kt, int kh, int kw, ConvPadding p, int t, int h, int w) {
        Random r = new Random(cout * 131 + cin * 17 + t * 7 + h + w);
        Conv3d c = conv(r, cout, cin, kt, kh, kw, p);
        Volume x = new Volume(random(r, cin * t * h * w), cin, t, h, w);
        Volume v = c.forward(x), s = c.forwardScalar(x);
        assertEquals(s.shape(), v.shape());
        assertArrayEquals(s.data(), v.data(), "vector and scalar conv differ for " + x.shape());
    }

    @Test void replicate3x3x3() { twins(7, 5, 3, 3, 3, ConvPadding.replicateTime(3, 3, 3), 3, 5, 19); }

    @Test void replicateSingleFrame() { twins(5, 3, 3, 3, 3, ConvPadding.replicateTime(3, 3, 3), 1, 4, 33); }

    @Test void causal3x3x3() { twins(6, 4, 3, 3, 3, ConvPadding.causal(3, 3, 3), 2, 7, 13); }

    @Test void timeOnly() { twins(10, 5, 3, 1, 1, ConvPadding.replicateTime(3, 1, 1), 4, 3, 9); }

    @Test void pointwise() { twins(9, 11, 1, 1, 1, ConvPadding.causal(1, 1, 1), 2, 3, 21); }

    @Test void strideTwoDownsample() { twins(5, 5, 1, 3, 3, ConvPadding.downsample2x(), 1, 9, 22); }

    @Test void matchesPlainConvolution() {
        for (ConvPadding p : new ConvPadding[] {ConvPadding.replicateTime(3, 3, 3), ConvPadding.causal(3, 3, 3)}) {
            Random r = new Random(5);
            int cout = 3, cin = 2, t = 3, h = 4, w = 5;
            Conv3d c = conv(r, cout, cin, 3, 3, 3, p);
            Random r2 = new Random(5);
            float[] wt = random(r2, cout * cin * 27), b = random(r2, cout);
            Volume x = new Volume(random(r, cin * t * h * w), cin, t, h, w);
            Volume y = c.forwardScalar(x);
            for (int co = 0; co < cout; co++) {
                for (int to = 0; to < y.t(); to++) {
                    for (int yo = 0; yo < h; yo++) {
                        for (int xo = 0; xo < w; xo++) {
                            double acc = b[co];
                            for (int ci = 0; ci < cin; ci++) {
                                for (int dt = 0; dt < 3; dt++) {
                                    int ts = to + dt - p.front();
                                    if (p.timeMode() == ConvPadding.TimeMode.REPLICATE) ts = Math.max(0, Math.min(t - 1, ts));
                                    else if (ts < 0 || ts >= t) continue;
                                    for (int dy = 0; dy < 3; dy++) {
                                        for (int dx = 0; dx < 3; dx++) {
                                            int yy = yo + dy - 1, xx = xo + dx - 1;
                                            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                                            acc += (double) wt[(((co * cin + ci) * 3 + dt) * 3 + dy) * 3 + dx] * x.data()[((ci * t + ts) * h + yy) * w + xx];
                                        }
                                    }
                                }
                            }
                            assertEquals(acc, y.data()[((co * y.t() + to) * h + yo) * w + xo], 1e-4);
                        }
                    }
                }
            }
        }
    }

    @Test void downsampleShape() {
        Conv3d c = conv(new Random(1), 2, 2, 1, 3, 3, ConvPadding.downsample2x());
        assertEquals(8, c.outH(16));
        assertEquals(12, c.outW(24));
    }

    @Test void wrongChannelsIsAClearError() {
        Conv3d c = conv(new Random(1), 2, 3, 3, 3, 3, ConvPadding.replicateTime(3, 3, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> c.forward(Volume.zeros(4, 1, 3, 3)));
        assertEquals("conv expects 3 input channels but got [4, 1, 3, 3]", e.getMessage());
    }
}

// The sequence kernels of natives/ (conv1d.cu, snake.cu, resample.cu) executed on the CPU through
// emulated_common.cuh, against their definitions computed in double: torch's Conv1d and ConvTranspose1d (the latter
// launched per phase as CudaSequenceKernels does), SnakeBeta, the VAE sample, and the FFT resample with cuFFT's two
// transforms replaced by naive ones in double. Prints one line per case and exits non-zero when one exceeds its bar.
// Built and run by SequenceKernelsEmulatedTest.
#include "common.cuh"
#include "conv1d.cu"
#include "snake.cu"
#include "resample.cu"
#include <cstdio>
#include <functional>
#include <random>
#include <thread>
#include <vector>

template <class F> void launch(unsigned gx, unsigned gy, unsigned block, F kernel) {
    gridDim = {gx, gy, 1};
    blockDim = {block, 1, 1};
    for (unsigned by = 0; by < gy; by++) for (unsigned bx = 0; bx < gx; bx++) {
        std::barrier<> bar(block);
        g_barrier = &bar;
        std::vector<std::thread> ts;
        for (unsigned t = 0; t < block; t++) ts.emplace_back([=] { threadIdx = {t, 0, 0}; blockIdx = {bx, by, 0}; kernel(); });
        for (auto& t : ts) t.join();
    }
}

static std::mt19937 rng(7);
std::vector<float> gauss(size_t n, double s) { std::normal_distribution<double> d(0, s); std::vector<float> v(n); for (auto& x : v) x = (float) d(rng); return v; }
static int failures = 0;
void report(const char* what, const std::vector<double>& want, const std::vector<float>& got, double tol) {
    double num = 0, den = 0; bool nan = false;
    for (size_t i = 0; i < want.size(); i++) { double d = got[i] - want[i]; if (!std::isfinite(got[i])) nan = true; num += d * d; den += want[i] * want[i]; }
    double rel = std::sqrt(num / (den > 0 ? den : 1));
    bool ok = !nan && rel <= tol;
    if (!ok) failures++;
    printf("%-70s rel-L2 %.3e (bar %.0e) %s\n", what, rel, tol, ok ? "ok" : "FAIL");
}
int tiles(long n, int t) { return (int) std::max(1L, (n + t - 1) / t); }

void conv1d(int cin, int cout, int k, int dil, int pad, int stride, int t, bool bias) {
    long tOut = (t + 2L * pad - (long) dil * (k - 1) - 1) / stride + 1;
    auto x = gauss((size_t) t * cin, 1), w = gauss((size_t) cout * cin * k, 1 / std::sqrt(cin * k)), b = gauss(cout, 0.5);
    std::vector<float> out(tOut * cout, NAN);
    std::vector<double> want(tOut * cout);
    for (long to = 0; to < tOut; to++) for (int co = 0; co < cout; co++) {
        double acc = bias ? b[co] : 0;
        for (int j = 0; j < k; j++) { long src = to * stride + (long) j * dil - pad; if (src < 0 || src >= t) continue;
            for (int ci = 0; ci < cin; ci++) acc += (double) x[src * cin + ci] * w[((long) co * cin + ci) * k + j]; }
        want[to * cout + co] = acc;
    }
    launch(tiles(tOut, 64), tiles(cout, 64), 256, [&] { conv1d_f32(x.data(), w.data(), bias ? b.data() : nullptr, out.data(), t, cin, tOut, cout, k, dil, pad, stride); });
    char name[200]; snprintf(name, sizeof name, "conv1d cin %d cout %d k %d d %d p %d s %d t %d bias %d", cin, cout, k, dil, pad, stride, t, bias);
    report(name, want, out, 1e-6);
}

void convT(int cin, int cout, int k, int stride, int pad, int t, bool bias) {
    long tOut = (long) (t - 1) * stride - 2L * pad + k;
    auto x = gauss((size_t) t * cin, 1), w = gauss((size_t) cin * cout * k, 1 / std::sqrt(cin)), b = gauss(cout, 0.5);
    std::vector<float> out(tOut * cout, NAN);
    std::vector<double> want(tOut * cout, 0);
    for (long to = 0; to < tOut; to++) for (int co = 0; co < cout; co++) want[to * cout + co] = bias ? b[co] : 0;
    for (int ti = 0; ti < t; ti++) for (int j = 0; j < k; j++) { long to = (long) ti * stride + j - pad; if (to < 0 || to >= tOut) continue;
        for (int ci = 0; ci < cin; ci++) for (int co = 0; co < cout; co++) want[to * cout + co] += (double) x[ti * cin + ci] * w[((long) ci * cout + co) * k + j]; }
    for (int r = 0; r < stride; r++) {   // as CudaSequenceKernels.convTranspose1d
        int taps = r >= k ? 0 : (k - r + stride - 1) / stride;
        long q0 = std::max(0L, (long) std::floor((double) (pad - r + stride - 1) / stride));
        long q1 = (long) std::floor((double) (tOut - 1 - r + pad) / stride), rows = q1 - q0 + 1;
        if (rows <= 0) continue;
        launch(tiles(rows, 64), tiles(cout, 64), 256, [&] { conv_transpose1d_f32(x.data(), w.data(), bias ? b.data() : nullptr, out.data(), t, cin, cout, k, stride, pad, r, q0, rows, taps); });
    }
    char name[200]; snprintf(name, sizeof name, "convTranspose1d cin %d cout %d k %d s %d p %d t %d bias %d", cin, cout, k, stride, pad, t, bias);
    report(name, want, out, 1e-6);
}

void snake(int t, int c, double scale) {
    auto x = gauss((size_t) t * c, scale);
    std::vector<float> f(c), r(c), out(x.size());
    auto a = gauss(c, 0.4), bb = gauss(c, 0.4);
    for (int i = 0; i < c; i++) { f[i] = std::exp(a[i]); r[i] = 1.0f / (float) (std::exp(bb[i]) + 1e-9); }
    std::vector<double> want(x.size());
    for (size_t i = 0; i < x.size(); i++) { double s = std::sin((double) (x[i] * f[i % c])); want[i] = x[i] + r[i % c] * s * s; }
    launch(3, 1, 256, [&] { snake_beta_f32(x.data(), out.data(), f.data(), r.data(), (int64_t) x.size(), c); });
    char name[100]; snprintf(name, sizeof name, "snake %d x %d scale %g", t, c, scale);
    report(name, want, out, 1e-6);
}

void vae(int t, int c) {
    auto m = gauss((size_t) t * 2 * c, 2), e = gauss((size_t) t * c, 1);
    for (int i = 0; i < t; i++) for (int j = 0; j < c; j++) m[i * 2 * c + c + j] = -30 + 60.0 * ((i * c + j) % 97) / 96.0;
    std::vector<float> out(t * c);
    std::vector<double> want(t * c);
    for (int i = 0; i < t; i++) for (int j = 0; j < c; j++) { double s = m[i * 2 * c + c + j], sp = s > 20 ? s : std::log1p(std::exp(s)); want[i * c + j] = e[i * c + j] * (sp + 1e-4) + m[i * 2 * c + j]; }
    launch(2, 1, 256, [&] { vae_sample_f32(m.data(), e.data(), out.data(), t, c); });
    report("vae sample", want, out, 1e-6);
}

// The resample with cuFFT's R2C and C2R replaced by naive transforms in double, checked against the definition.
void resample(int n, int m, int ch) {
    auto x = gauss((size_t) n * ch, 0.3);
    long inBins = n / 2 + 1, outBins = m / 2 + 1;
    std::vector<float> spec(2 * ch * inBins), resized(2 * ch * outBins), out((size_t) m * ch);
    for (int c = 0; c < ch; c++) for (long b = 0; b < inBins; b++) { double re = 0, im = 0;
        for (int j = 0; j < n; j++) { double a = -2 * M_PI * (double) ((long) j * b % n) / n; re += x[j * ch + c] * std::cos(a); im += x[j * ch + c] * std::sin(a); }
        spec[2 * (c * inBins + b)] = (float) re; spec[2 * (c * inBins + b) + 1] = (float) im; }
    int k = std::min(n, m); long keep = k / 2 + 1, edge = k % 2 == 0 && m != n ? k / 2 : -1;
    launch(2, 1, 256, [&] { spectrum_resize_f32(spec.data(), inBins, resized.data(), outBins, ch, keep, edge, m < n ? 2.0f : 0.5f, m % 2 == 0); });
    for (int c = 0; c < ch; c++) for (int t = 0; t < m; t++) { double y = 0;   // C2R: Hermitian extension, unscaled
        for (int b = 0; b < m; b++) { long bb = b < outBins ? b : m - b; double re = resized[2 * (c * outBins + bb)], im = resized[2 * (c * outBins + bb) + 1];
            if (b >= outBins) im = -im; double a = 2 * M_PI * (double) ((long) b * t % m) / m; y += re * std::cos(a) - im * std::sin(a); }
        out[t * ch + c] = (float) y; }
    launch(2, 1, 256, [&] { resample_scale_f32(out.data(), (int64_t) m * ch, 1.0f / m, (float) ((double) m / n)); });
    // the definition (SequenceKernels.resampleFft) in double
    std::vector<double> want((size_t) m * ch);
    for (int c = 0; c < ch; c++) {
        std::vector<double> hr(outBins, 0), hi(outBins, 0);
        for (long b = 0; b < std::min(keep, outBins); b++) { double re = 0, im = 0;
            for (int j = 0; j < n; j++) { double a = -2 * M_PI * (double) ((long) j * b % n) / n; re += x[j * ch + c] * std::cos(a); im += x[j * ch + c] * std::sin(a); }
            hr[b] = re; hi[b] = im; }
        if (edge >= 0) { double f = m < n ? 2 : 0.5; hr[edge] *= f; hi[edge] *= f; }
        hi[0] = 0; if (m % 2 == 0) hi[m / 2] = 0;
        for (int t = 0; t < m; t++) { double y = 0;
            for (int b = 0; b < m; b++) { long bb = b < outBins ? b : m - b; double im = b < outBins ? hi[bb] : -hi[bb];
                double a = 2 * M_PI * (double) ((long) b * t % m) / m; y += hr[bb] * std::cos(a) - im * std::sin(a); }
            want[t * ch + c] = y / m * ((double) m / n); }
    }
    char name[100]; snprintf(name, sizeof name, "resample %d -> %d x %d", n, m, ch);
    report(name, want, out, 1e-5);
}

int main() {
    int convs[][8] = {{13, 11, 1, 1, 0, 1, 101, 1}, {7, 9, 7, 1, 3, 1, 131, 1}, {5, 3, 7, 3, 9, 1, 67, 1}, {6, 10, 7, 9, 27, 1, 200, 1},
        {5, 7, 16, 1, 4, 8, 263, 1}, {9, 5, 4, 1, 1, 2, 97, 1}, {3, 17, 3, 1, 1, 1, 37, 0}, {33, 2, 7, 1, 3, 1, 1023, 0},
        {19, 37, 3, 1, 1, 1, 45, 1}, {4, 6, 5, 2, 7, 3, 31, 1}, {3, 5, 7, 1, 0, 1, 7, 1}, {11, 13, 1, 1, 2, 2, 29, 0}, {70, 130, 7, 3, 9, 1, 150, 1}};
    for (auto& g : convs) conv1d(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
    int ts[][7] = {{33, 17, 4, 2, 1, 41, 1}, {9, 13, 8, 4, 2, 23, 1}, {17, 7, 16, 8, 4, 11, 1}, {4, 3, 7, 3, 4, 10, 0},
        {5, 6, 3, 5, 1, 9, 1}, {1, 1, 2, 1, 0, 3, 0}, {31, 29, 16, 8, 4, 1, 1}, {70, 90, 16, 8, 4, 20, 1}};
    for (auto& g : ts) convT(g[0], g[1], g[2], g[3], g[4], g[5], g[6]);
    snake(1001, 37, 3); snake(129, 129, 40);
    vae(37, 29);
    resample(2048, 1764, 2); resample(1000, 1331, 3); resample(999, 1024, 3); resample(101, 100, 1); resample(64, 63, 2);
    printf("%d failures\n", failures);
    return failures != 0;
}

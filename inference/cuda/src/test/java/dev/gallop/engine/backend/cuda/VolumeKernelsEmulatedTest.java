package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gallop.engine.backend.ConvGeometry;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The volume kernels' CUDA source (natives/volume.cu, conv3d.cu) run on the CPU (src/test/cpp: g++ over the
/// emulation of the CUDA built-ins) against the CPU backend's scalar twins, bit for bit: each case's inputs, the
/// arguments and grid [CudaVolumeKernels] launches with, and the twins' output are written to a folder; the emulated
/// kernels must reproduce every byte. This checks their indexing and their order of operations without a GPU, fused
/// multiply-adds included: the build contracts a·b + c as nvcc does, so an unintended fusion changes the bits (the
/// `-Pcuda` harness checks the compiled kernels on a GPU).
class VolumeKernelsEmulatedTest {
    private static final CpuDevice CPU = CpuDevice.get();
    private static final Kernels TWINS = CpuDevice.kernels(false);
    /// The emulated grids are capped as on a GPU with this many multiprocessors, so grid-stride loops run more than once.
    private static final int SMS = 2;

    private Path dir;
    private PrintWriter manifest;
    private final List<String> names = new ArrayList<>();
    private long seed = 1;

    @Test void kernelsGiveTheScalarTwinsBits(@TempDir Path tmp) throws Exception {
        dir = tmp;
        Path natives = Path.of(System.getProperty("gallop.natives.dir", "../../natives")), cpp = Path.of("src/test/cpp");
        for (String f : List.of("volume.cu", "conv3d.cu", "cpu_math.cuh")) Files.copy(natives.resolve(f), dir.resolve(f));
        Files.copy(cpp.resolve("emulated_common.cuh"), dir.resolve("common.cuh"));
        Files.copy(cpp.resolve("volume_kernels_emulated.cpp"), dir.resolve("main.cpp"));
        Path exe = dir.resolve("emulated");
        // contracting a·b + c into fused multiply-adds as nvcc does (where the host has FMA): a product the kernels do
        // not keep apart with an _rn intrinsic then rounds differently from the twins
        String[] build = run(List.of("g++", "-std=c++20", "-O2", "-march=native", "-ffp-contract=fast", "-o", exe.toString(),
                dir.resolve("main.cpp").toString()));
        assumeTrue(build != null, "g++ is not installed");
        assumeTrue(!build[1].contains("barrier: No such file"), "g++ lacks C++20 <barrier>: " + build[1]);
        assertEquals("0", build[0], "g++ failed:\n" + build[1]);

        try (PrintWriter m = new PrintWriter(dir.resolve("manifest.txt").toFile(), StandardCharsets.UTF_8)) {
            manifest = m;
            writeCases();
        }
        String[] out = run(List.of(exe.toString(), dir.resolve("manifest.txt").toString()));
        System.out.println(out[1]);
        assertEquals("0", out[0], out[1]);
        long identical = out[1].lines().filter(l -> l.endsWith(" identical")).count();
        assertEquals(names.size(), identical, "cases compared identical, of " + names.size() + " written:\n" + out[1]);
    }

    private void writeCases() throws IOException {
        conv("conv replicate 3x3x3", 7, 5, 3, 3, 3, ConvPadding.replicateTime(3, 3, 3), 3, 7, 19, DType.F32);
        conv("conv replicate, rows over two blocks", 5, 3, 3, 3, 3, ConvPadding.replicateTime(3, 3, 3), 1, 4, 141, DType.F32);
        conv("conv causal 3x3x3", 6, 4, 3, 3, 3, ConvPadding.causal(3, 3, 3), 2, 7, 13, DType.F32);
        conv("conv causal bf16 weight", 9, 4, 3, 3, 3, ConvPadding.causal(3, 3, 3), 3, 5, 11, DType.BF16);
        conv("conv time only", 10, 5, 3, 1, 1, ConvPadding.replicateTime(3, 1, 1), 4, 3, 9, DType.F32);
        conv("conv pointwise", 9, 11, 1, 1, 1, ConvPadding.causal(1, 1, 1), 2, 3, 21, DType.F32);
        conv("conv stride-2 downsample", 5, 5, 1, 3, 3, ConvPadding.downsample2x(), 1, 9, 22, DType.F32);
        conv("conv per-frame 3x3", 6, 3, 1, 3, 3, new ConvPadding(ConvPadding.TimeMode.ZERO, 0, 0, 1, 1, 1, 1, 1), 3, 6, 35, DType.F32);
        conv("conv uneven zero padding", 3, 2, 2, 3, 2, new ConvPadding(ConvPadding.TimeMode.ZERO, 1, 2, 2, 0, 0, 3, 2), 2, 8, 15, DType.F32);
        conv("conv uneven replicate, stride 3", 5, 3, 3, 2, 3, new ConvPadding(ConvPadding.TimeMode.REPLICATE, 2, 1, 0, 1, 2, 0, 3), 4, 10, 17, DType.F32);

        Tensor x = random(2, 7, 3, 5, 13), y = empty(x.shape());
        TWINS.channelRmsNorm(y, x, 1e-8f);
        line("rms norm", "channel_rms_norm_f32", List.of(x), y, grid1d(195), "i7 i195 " + f(1e-8f));
        x = random(3, 5, 2, 7, 37);
        Tensor g = random(1, 5);
        y = empty(x.shape());
        TWINS.channelL2Norm(y, x, g);
        line("l2 norm", "channel_l2_norm_f32", List.of(x, g), y, grid1d(518), "i5 i518 " + f((float) Math.sqrt(5)));
        x = CPU.zeros(DType.F32, Shape.of(3, 1, 2, 19));
        g = random(1, 3);
        y = empty(x.shape());
        TWINS.channelL2Norm(y, x, g);
        line("l2 norm of zeros", "channel_l2_norm_f32", List.of(x, g), y, grid1d(38), "i3 i38 " + f((float) Math.sqrt(3)));
        x = random(1, 6, 3, 5, 37);
        Tensor s = random(1, 6), b = random(1, 6);
        y = empty(x.shape());
        TWINS.channelAffine(y, x, s, b);
        line("affine", "channel_affine_f32", List.of(x, s, b), y, grid1d(x.numel()), "i6 i555");
        s = random(1, 6);
        y = empty(x.shape());
        TWINS.channelDivideAdd(y, x, s, b);
        line("divide and add", "channel_divide_add_f32", List.of(x, s, b), y, grid1d(x.numel()), "i6 i555");

        x = random(1, 3, 2, 5, 37);
        y = empty(Shape.of(3, 2, 10, 74));
        TWINS.upsampleNearest2x(y, x);
        line("nearest", "upsample_nearest2x_f32", List.of(x), y, grid1d(y.numel()), "i6 i5 i37");
        for (int[] d : new int[][] {{6, 3, 5, 7, 5, 11, 13}, {2, 4, 9, 6, 1, 3, 17}, {3, 1, 4, 4, 3, 4, 4}}) {
            x = random(1, d[0], d[1], d[2], d[3]);
            y = empty(Shape.of(d[0], d[4], d[5], d[6]));
            TWINS.upsampleTrilinear(y, x);
            line("trilinear to " + d[4] + "x" + d[5] + "x" + d[6], "upsample_trilinear_f32", List.of(x), y, grid1d(y.numel()),
                    ints(d[0], d[1], d[2], d[3], d[4], d[5], d[6]) + " " + f(CudaVolumeKernels.alignCornersScale(d[1], d[4])) + " "
                            + f(CudaVolumeKernels.alignCornersScale(d[2], d[5])) + " " + f(CudaVolumeKernels.alignCornersScale(d[3], d[6])));
        }
        x = random(1, 12, 2, 5, 35);
        y = empty(Shape.of(3, 2, 10, 70));
        TWINS.pixelShuffle2x2(y, x);
        line("pixel shuffle", "pixel_shuffle2x2_f32", List.of(x), y, grid1d(y.numel()), "i3 i2 i5 i35");
        x = random(1, 3, 2, 10, 70);
        y = empty(Shape.of(12, 2, 5, 35));
        TWINS.pixelUnshuffle2x2(y, x);
        line("pixel unshuffle", "pixel_unshuffle2x2_f32", List.of(x), y, grid1d(y.numel()), "i3 i2 i5 i35");
        for (boolean drop : new boolean[] {false, true}) {
            x = random(1, 10, 3, 4, 7);
            y = empty(Shape.of(5, drop ? 5 : 6, 4, 7));
            TWINS.framesFromChannels(y, x, drop);
            line("frames from channels" + (drop ? ", first dropped" : ""), "frames_from_channels_f32", List.of(x), y, grid1d(y.numel()),
                    "i5 i3 i28 i" + (drop ? 1 : 0));
        }
        for (int[] d : new int[][] {{6, 3, 6, 38, 12, 2, 2}, {6, 1, 6, 38, 12, 1, 2}, {8, 4, 3, 5, 4, 2, 1}, {6, 5, 4, 4, 6, 2, 2}}) {
            x = random(1, d[0], d[1], d[2], d[3]);
            y = empty(Shape.of(d[4], (d[1] + d[5] - 1) / d[5], d[2] / d[6], d[3] / d[6]));
            TWINS.avgDown(y, x, d[5], d[6]);
            line("avg down " + ints(d).replace('i', ' ').trim(), "avg_down_f32", List.of(x), y, grid1d(y.numel()), ints(d));
        }
        Tensor src = random(1, 5, 4, 3, 7), dst = random(1, 5, 6, 3, 7);
        Path before = write("copy frames.before", dst);
        TWINS.copyFrames(dst, 2, src, 1, 2);
        line("copy frames", "copy_frames_f32", List.of(src), dst, before.toString(), grid1d(5 * 2 * 21), "i4 i1 i6 i2 i5 i2 i21");
        x = random(1, 7, 3, 6, 10);
        Tensor tokens = empty(Shape.of(45, 28));
        TWINS.patchify(tokens, x);
        line("patchify", "patchify_f32", List.of(x), tokens, grid1d(tokens.numel()), "i7 i3 i6 i10");
        tokens = random(1, 45, 28);
        y = empty(Shape.of(7, 3, 6, 10));
        TWINS.unpatchify(y, tokens);
        line("unpatchify", "unpatchify_f32", List.of(tokens), y, grid1d(y.numel()), "i7 i3 i6 i10");

        float[] v = random(1.2, 3, 3, 7, 37).toFloats();
        v[5] = Float.NaN;
        v[6] = Float.POSITIVE_INFINITY;
        v[7] = Float.NEGATIVE_INFINITY;
        v[8] = 0f;
        v[9] = -1f;
        v[10] = 1f;
        Tensor rgb = Tensor.fromFloats(CPU, Shape.of(3, 3, 7, 37), v), bytes = CPU.empty(DType.U8, Shape.of(3, 7, 37, 3));
        TWINS.rgbToBytes(bytes, rgb);
        line("rgb to bytes", "rgb_to_bytes_f32", List.of(rgb), bytes, grid1d(bytes.numel()), "i" + 3 * 7 * 37);
        for (DType out : new DType[] {DType.F32, DType.U8}) {
            Tensor a = random(4, 4, 3, 8, 36), fg = random(3, 12, 3, 2, 9), bg = random(3, 12, 3, 2, 9), o = CPU.empty(out, Shape.of(9, 8, 36, 3));
            TWINS.alphaComposite(o, a, fg, bg);
            line("alpha composite " + out, out == DType.U8 ? "alpha_composite_u8" : "alpha_composite_f32", List.of(a, fg, bg), o, grid1d(o.numel()),
                    "i4 i3 i8 i36 i4");
        }
        Tensor a = random(100, 2, 2, 3, 7), fg = random(100, 6, 2, 3, 7), bg = random(100, 6, 2, 3, 7), o = empty(Shape.of(3, 3, 7, 3));
        TWINS.alphaComposite(o, a, fg, bg);
        line("alpha composite, saturated logits", "alpha_composite_f32", List.of(a, fg, bg), o, grid1d(o.numel()), "i2 i2 i3 i7 i1");
    }

    private void conv(String name, int cout, int cin, int kt, int kh, int kw, ConvPadding p, int t, int h, int w, DType wt) throws IOException {
        Tensor x = random(1, cin, t, h, w), weight = random(0.2, cout, cin, kt, kh, kw), bias = random(0.5, cout);
        if (wt == DType.BF16) {
            Tensor rounded = CPU.empty(DType.BF16, weight.shape());
            TWINS.copy(rounded, weight);
            weight = rounded;
        }
        ConvGeometry g = new ConvGeometry(cin, t, h, w, cout, kt, kh, kw, p);
        Tensor y = empty(Shape.of(cout, g.outT(), g.outH(), g.outW()));
        TWINS.conv3d(y, x, weight, bias, p);
        int gx = Math.ceilDiv(g.outW(), CudaVolumeKernels.CONV_BLOCK) * g.outT() * g.outH(), gy = Math.ceilDiv(cout, CudaVolumeKernels.CONV_CHANNELS);
        line(name, wt == DType.BF16 ? "conv3d_bf16" : "conv3d_f32", List.of(x, weight, bias), y, "grid=" + gx + "," + gy + "," + CudaVolumeKernels.CONV_BLOCK,
                ints(cin, t, h, w, cout, kt, kh, kw, g.outT(), g.outH(), g.outW(), p.timeMode() == ConvPadding.TimeMode.REPLICATE ? 1 : 0, p.front(),
                        p.top(), p.left(), p.stride()));
    }

    /// The grid of CudaContext.launch1d over n elements (256 threads, at most 32 blocks per multiprocessor).
    private static String grid1d(long n) {
        return "grid=" + Math.max(1, Math.min(Math.ceilDiv(n, CudaContext.BLOCK), 32L * SMS)) + ",1," + CudaContext.BLOCK;
    }

    private void line(String name, String kernel, List<Tensor> inputs, Tensor want, String grid, String args) throws IOException {
        line(name, kernel, inputs, want, Long.toString(want.byteSize()), grid, args);
    }

    /// One manifest line: the inputs' files, the output's initial contents (a size in zero bytes, or a file) and grid.
    private void line(String name, String kernel, List<Tensor> inputs, Tensor want, String out, String grid, String args) throws IOException {
        String id = names.size() + "-" + name.replaceAll("[^A-Za-z0-9]+", "-");
        names.add(name);
        StringBuilder sb = new StringBuilder(dir.resolve(id) + " " + kernel);
        for (int k = 0; k < inputs.size(); k++) sb.append(' ').append(write(id + ".in" + k, inputs.get(k)));
        write(id + ".want", want);
        manifest.println(sb.append(" -- out=").append(out).append(' ').append(grid).append(' ').append(args));
    }

    private Path write(String file, Tensor t) throws IOException {
        Path p = dir.resolve(file.replace(' ', '_'));
        Files.write(p, t.toBytes());
        return p;
    }

    private Tensor random(double scale, int... dims) {
        SplittableRandom r = new SplittableRandom(seed++);
        float[] a = new float[Math.toIntExact(Shape.of(dims).numel())];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * scale);
        return Tensor.fromFloats(CPU, Shape.of(dims), a);
    }

    private static Tensor empty(Shape s) { return CPU.empty(DType.F32, s); }

    private static String f(float v) { return "f" + Integer.toHexString(Float.floatToRawIntBits(v)); }

    private static String ints(int... v) {
        StringBuilder sb = new StringBuilder();
        for (int x : v) sb.append(sb.isEmpty() ? "" : " ").append('i').append(x);
        return sb.toString();
    }

    /// {exit code, output}, or null when the program cannot be started.
    private String[] run(List<String> cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 300 s:\n" + out);
        }
        return new String[] {Integer.toString(p.exitValue()), out};
    }
}

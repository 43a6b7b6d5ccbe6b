// The volume kernels of natives/ (volume.cu, conv3d.cu) executed on the CPU through emulated_common.cuh, against the
// CPU backend's scalar twins bit for bit. VolumeKernelsEmulatedTest writes each case's inputs, its launch (the
// arguments and grid CudaVolumeKernels uses) and the twins' output into a folder with a manifest; this program runs
// every case and compares the bytes. Prints one line per case and exits non-zero when any differs.
#include "common.cuh"
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// nvcc contracts a plain a·b + c into a fused multiply-add; the kernels say where they must not be fused with the _rn
// intrinsics. This program is built the same way (-ffp-contract=fast on a host with FMA), and the intrinsics round
// through a volatile, which nothing fuses: a product written without them is fused here as on the GPU and its bits
// differ from the twins'.
inline float rounded(float x) { volatile float v = x; return v; }
#undef __fmul_rn
#undef __fadd_rn
#define __fmul_rn(a, b) rounded((float) (a) * (float) (b))
#define __fadd_rn(a, b) rounded((float) (a) + (float) (b))
#define __fsub_rn(a, b) rounded((float) (a) - (float) (b))
#define __fdiv_rn(a, b) rounded((float) (a) / (float) (b))
using std::max;
using std::min;
inline float __fsqrt_rn(float a) { return std::sqrt(a); }
inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
struct __nv_bfloat16 { uint16_t bits; };
inline float __bfloat162float(__nv_bfloat16 b) { uint32_t u = (uint32_t) b.bits << 16; float f; std::memcpy(&f, &u, 4); return f; }
namespace gallop {
inline float load(const float* p, int64_t i) { return p[i]; }
inline float load(const __nv_bfloat16* p, int64_t i) { return __bfloat162float(p[i]); }
}
#include "cpu_math.cuh"   // after the _rn definitions above, which it uses
#include "volume.cu"
#include "conv3d.cu"

// The kernels use no shared memory and no barrier: the threads of a grid run one after another.
template <class F> void launch(unsigned gx, unsigned gy, unsigned block, F kernel) {
    gridDim = {gx, gy, 1};
    blockDim = {block, 1, 1};
    for (unsigned by = 0; by < gy; by++) for (unsigned bx = 0; bx < gx; bx++) for (unsigned t = 0; t < block; t++) {
        blockIdx = {bx, by, 0};
        threadIdx = {t, 0, 0};
        kernel();
    }
}

static std::vector<char> bytes(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::vector<char>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// Manifest lines: case kernel inputs... -- out=<initial output file or bytes> grid=<gx>,<gy>,<block> args...
// (args: i<int> or f<float bits in hex>, in the kernel's order after its pointers).
int main(int argc, char** argv) {
    std::ifstream manifest(argv[1]);
    std::string line;
    int cases = 0, failures = 0;
    while (std::getline(manifest, line)) {
        std::istringstream in(line);
        std::string name, kernel, tok, outSpec, gridSpec;
        in >> name >> kernel;
        std::vector<std::vector<char>> inputs;
        while (in >> tok && tok != "--") inputs.push_back(bytes(tok));
        in >> outSpec >> gridSpec;
        std::vector<int64_t> I;
        std::vector<float> F;
        while (in >> tok) {
            if (tok[0] == 'i') I.push_back(std::atoll(tok.c_str() + 1));
            else { uint32_t u = (uint32_t) std::strtoul(tok.c_str() + 1, nullptr, 16); float f; std::memcpy(&f, &u, 4); F.push_back(f); }
        }
        std::string init = outSpec.substr(4);
        std::vector<char> out = init.find_first_not_of("0123456789") == std::string::npos ? std::vector<char>(std::stoll(init), 0) : bytes(init);
        unsigned gx, gy, block;
        std::sscanf(gridSpec.c_str() + 5, "%u,%u,%u", &gx, &gy, &block);
        auto p = [&](int i) { return (const float*) inputs[i].data(); };
        float* o = (float*) out.data();
        uint8_t* o8 = (uint8_t*) out.data();
        auto i = [&](int k) { return (int) I[k]; };
        launch(gx, gy, block, [&] {
            if (kernel == "conv3d_f32" || kernel == "conv3d_bf16") {
                if (kernel == "conv3d_f32") conv3d_f32(p(0), p(1), p(2), o, i(0), i(1), i(2), i(3), i(4), i(5), i(6), i(7), i(8), i(9), i(10), i(11), i(12), i(13), i(14), i(15));
                else conv3d_bf16(p(0), (const __nv_bfloat16*) inputs[1].data(), p(2), o, i(0), i(1), i(2), i(3), i(4), i(5), i(6), i(7), i(8), i(9), i(10), i(11), i(12), i(13), i(14), i(15));
            } else if (kernel == "channel_rms_norm_f32") channel_rms_norm_f32(p(0), o, i(0), I[1], F[0]);
            else if (kernel == "channel_l2_norm_f32") channel_l2_norm_f32(p(0), o, p(1), i(0), I[1], F[0]);
            else if (kernel == "channel_affine_f32") channel_affine_f32(p(0), o, p(1), p(2), i(0), I[1]);
            else if (kernel == "channel_divide_add_f32") channel_divide_add_f32(p(0), o, p(1), p(2), i(0), I[1]);
            else if (kernel == "upsample_nearest2x_f32") upsample_nearest2x_f32(p(0), o, I[0], i(1), i(2));
            else if (kernel == "upsample_trilinear_f32") upsample_trilinear_f32(p(0), o, i(0), i(1), i(2), i(3), i(4), i(5), i(6), F[0], F[1], F[2]);
            else if (kernel == "pixel_shuffle2x2_f32") pixel_shuffle2x2_f32(p(0), o, i(0), i(1), i(2), i(3));
            else if (kernel == "pixel_unshuffle2x2_f32") pixel_unshuffle2x2_f32(p(0), o, i(0), i(1), i(2), i(3));
            else if (kernel == "frames_from_channels_f32") frames_from_channels_f32(p(0), o, i(0), i(1), I[2], i(3));
            else if (kernel == "avg_down_f32") avg_down_f32(p(0), o, i(0), i(1), i(2), i(3), i(4), i(5), i(6));
            else if (kernel == "copy_frames_f32") copy_frames_f32(p(0), i(0), i(1), o, i(2), i(3), i(4), i(5), I[6]);
            else if (kernel == "patchify_f32") patchify_f32(p(0), o, i(0), i(1), i(2), i(3));
            else if (kernel == "unpatchify_f32") unpatchify_f32(p(0), o, i(0), i(1), i(2), i(3));
            else if (kernel == "rgb_to_bytes_f32") rgb_to_bytes_f32(p(0), o8, I[0]);
            else if (kernel == "alpha_composite_f32") alpha_composite_f32(p(0), p(1), p(2), o, i(0), i(1), i(2), i(3), i(4));
            else if (kernel == "alpha_composite_u8") alpha_composite_u8(p(0), p(1), p(2), o8, i(0), i(1), i(2), i(3), i(4));
            else { std::printf("unknown kernel %s\n", kernel.c_str()); std::exit(2); }
        });
        std::vector<char> want = bytes(name + ".want");
        long differ = 0;
        for (size_t k = 0; k < std::min(out.size(), want.size()); k++) differ += out[k] != want[k];
        bool ok = out.size() == want.size() && differ == 0;
        cases++;
        failures += !ok;
        std::printf("%-40s %-26s %s\n", name.substr(name.find_last_of('/') + 1).c_str(), kernel.c_str(), ok ? "identical" : "DIFFERENT");
        if (!ok) std::printf("  %ld of %zu bytes differ (%zu expected)\n", differ, out.size(), want.size());
    }
    std::printf("%d cases, %d failures\n", cases, failures);
    return failures != 0;
}

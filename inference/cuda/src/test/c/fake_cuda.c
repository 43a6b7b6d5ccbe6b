/* A stand-in for libcuda, libcublasLt, libcudnn and libcufft, exporting the symbols Gallop binds, for tests on machines
 * without a GPU: calls succeed, handles are fake, device memory is never touched (device→host copies yield zeros),
 * and what matters to the bindings is recorded for the test to read back through the fake_* functions: the last
 * kernel launched with its grid and first argument, cuBLASLt's last workspace size and beta, cuDNN's graph size
 * and executions, cuFFT's plans (with the last plan's layout) and transforms. A few checks mirror the real libraries
 * (fatbin magic, ld >= rows, capture nesting, cuFFT's plan arguments and the stream a plan was given). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char last_kernel[128];
static unsigned last_grid[3], last_block[3];
static uint64_t last_param0;
static int launches, capturing, executed, finalized, fail_plans, live_descriptors, matmuls, copies2d;
static int64_t graph_ops, last_workspace;
static float last_beta;
static uint64_t next_ptr = 0x100000000ull;

int fake_launches(void) { return launches; }
const char *fake_last_kernel(void) { return last_kernel; }
unsigned fake_last_grid(int i) { return last_grid[i]; }
unsigned fake_last_block(int i) { return last_block[i]; }
uint64_t fake_last_param0(void) { return last_param0; }
int64_t fake_last_workspace(void) { return last_workspace; }
float fake_last_beta(void) { return last_beta; }
int fake_matmuls(void) { return matmuls; }
int64_t fake_graph_ops(void) { return graph_ops; }
int fake_executed(void) { return executed; }
int fake_live_descriptors(void) { return live_descriptors; }
int fake_copies2d(void) { return copies2d; }
void fake_set_fail_plans(int v) { fail_plans = v; }

/* ---- driver ---- */
int cuInit(unsigned flags) { return flags == 0 ? 0 : 1; }
int cuDriverGetVersion(int *v) { *v = 13000; return 0; }
int cuDeviceGetCount(int *n) { *n = 1; return 0; }
int cuDeviceGet(int *d, int ordinal) { if (ordinal != 0) return 101; *d = 0; return 0; }
int cuDeviceGetName(char *buf, int len, int dev) { snprintf(buf, len, "Fake GPU %d", dev); return 0; }
int cuDeviceTotalMem_v2(size_t *bytes, int dev) { *bytes = (size_t) 80 << 30; return 0; }
int cuDeviceGetAttribute(int *v, int attr, int dev) { *v = attr == 16 ? 132 : attr == 75 ? 9 : attr == 76 ? 0 : -1; return 0; }
int cuDevicePrimaryCtxRetain(void **ctx, int dev) { *ctx = (void *) 0xC0; return 0; }
int cuDevicePrimaryCtxRelease_v2(int dev) { return 0; }
int cuCtxSetCurrent(void *ctx) { return ctx == (void *) 0xC0 ? 0 : 201; }
int cuCtxSynchronize(void) { return 0; }
int cuMemGetInfo_v2(size_t *free_, size_t *total) { *free_ = (size_t) 70 << 30; *total = (size_t) 80 << 30; return 0; }
int cuMemAlloc_v2(uint64_t *p, size_t n) {
    if (n > ((size_t) 1 << 40)) return 2;
    *p = next_ptr;
    next_ptr += (n + 4095) & ~(uint64_t) 4095;
    return 0;
}
int cuMemFree_v2(uint64_t p) { return p ? 0 : 1; }
int cuMemAllocHost_v2(void **p, size_t n) { *p = calloc(1, n); return *p ? 0 : 2; }
int cuMemFreeHost(void *p) { free(p); return 0; }
int cuMemcpyHtoDAsync_v2(uint64_t dst, const void *src, size_t n, void *stream) { return dst && src ? 0 : 1; }
int cuMemcpyDtoHAsync_v2(void *dst, uint64_t src, size_t n, void *stream) { memset(dst, 0, n); return src ? 0 : 1; }
int cuMemcpyDtoDAsync_v2(uint64_t dst, uint64_t src, size_t n, void *stream) { return dst && src ? 0 : 1; }
int cuMemsetD8Async(uint64_t dst, unsigned char v, size_t n, void *stream) { return dst ? 0 : 1; }
int cuMemcpy2DAsync_v2(const unsigned char *p, void *stream) {
    size_t width = *(const size_t *) (p + 112), src_pitch = *(const size_t *) (p + 48), dst_pitch = *(const size_t *) (p + 104);
    copies2d++;
    return width <= src_pitch && width <= dst_pitch ? 0 : 1;
}
int cuStreamCreate(void **s, unsigned flags) { *s = (void *) 0x5; return 0; }
int cuStreamDestroy_v2(void *s) { return 0; }
int cuStreamSynchronize(void *s) { return capturing ? 900 : 0; }
int cuEventCreate(void **e, unsigned flags) { *e = malloc(1); return 0; }
int cuEventRecord(void *e, void *s) { return 0; }
int cuEventSynchronize(void *e) { return 0; }
static int stream_waits;
int fake_stream_waits(void) { return stream_waits; }
int cuStreamWaitEvent(void *s, void *e, unsigned flags) { if (!s || !e || flags) return 1; stream_waits++; return 0; }
int cuEventElapsedTime_v2(float *ms, void *a, void *b) { *ms = 1.5f; return 0; }
int cuEventDestroy_v2(void *e) { free(e); return 0; }
int cuModuleLoadData(void **m, const void *image) {
    if (*(const uint32_t *) image != 0xBA55ED50u) return 200;   /* CUDA_ERROR_INVALID_IMAGE */
    *m = (void *) 0x3;
    return 0;
}
int cuModuleGetFunction(void **f, void *m, const char *name) { *f = strdup(name); return 0; }
int cuModuleUnload(void *m) { return 0; }
int cuFuncSetAttribute(void *f, int attr, int v) { return 0; }
int cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared,
                   void *stream, void **params, void **extra) {
    if (!f || !params || gx == 0 || bx == 0 || bx > 1024) return 1;
    strncpy(last_kernel, (const char *) f, sizeof last_kernel - 1);
    last_grid[0] = gx; last_grid[1] = gy; last_grid[2] = gz;
    last_block[0] = bx; last_block[1] = by; last_block[2] = bz;
    last_param0 = *(uint64_t *) params[0];
    launches++;
    return 0;
}
int cuStreamBeginCapture_v2(void *s, int mode) { if (capturing) return 401; capturing = 1; return 0; }
int cuStreamEndCapture(void *s, void **g) { if (!capturing) return 401; capturing = 0; *g = (void *) 0x9; return 0; }
int cuGraphInstantiateWithFlags(void **e, void *g, unsigned long long flags) { *e = (void *) 0xA; return g == (void *) 0x9 ? 0 : 400; }
int cuGraphLaunch(void *e, void *s) { return e == (void *) 0xA ? 0 : 400; }
int cuGraphExecDestroy(void *e) { return 0; }
int cuGraphDestroy(void *g) { return 0; }
int cuGetErrorName(int code, const char **s) { *s = "CUDA_ERROR_FAKE"; return 0; }

/* ---- cuBLASLt ---- */
size_t cublasLtGetVersion(void) { return 130100; }
int cublasLtCreate(void **h) { *h = (void *) 0x11; return 0; }
int cublasLtMatmulDescCreate(void **d, int compute, int scale) { if (compute != 68 || scale != 0) return 7; *d = malloc(8); return 0; }
int cublasLtMatmulDescSetAttribute(void *d, int attr, const void *buf, size_t n) { return buf && (n == 4 || n == 8) ? 0 : 7; }
int cublasLtMatmulDescDestroy(void *d) { free(d); return 0; }
int cublasLtMatrixLayoutCreate(void **l, int type, uint64_t rows, uint64_t cols, int64_t ld) {
    if (ld < (int64_t) rows) return 7;   /* column-major: ld >= rows */
    *l = malloc(8);
    return 0;
}
int cublasLtMatrixLayoutDestroy(void *l) { free(l); return 0; }
int cublasLtMatmulPreferenceCreate(void **p) { *p = malloc(8); return 0; }
int cublasLtMatmulPreferenceSetAttribute(void *p, int attr, const void *buf, size_t n) { return n == 8 ? 0 : 7; }
int cublasLtMatmulPreferenceDestroy(void *p) { free(p); return 0; }
int cublasLtMatmulAlgoGetHeuristic(void *h, void *d, void *a, void *b, void *c, void *dd, void *p, int requested, void *results, int *n) {
    memset(results, 0, 96);
    *(size_t *) ((char *) results + 64) = 4096;
    *n = 1;
    return requested > 0 ? 0 : 7;
}
int cublasLtMatmul(void *h, void *d, const void *alpha, const void *A, void *Ad, const void *B, void *Bd, const void *beta,
                   const void *C, void *Cd, void *D, void *Dd, const void *algo, void *ws, size_t ws_size, void *stream) {
    if (!h || !d || !alpha || !beta || !algo || !A || !B || !D || stream != (void *) 0x5) return 7;
    last_workspace = (int64_t) ws_size;
    last_beta = *(const float *) beta;
    matmuls++;
    return 0;
}

/* ---- cuDNN ---- */
size_t cudnnGetVersion(void) { return 91000; }
int cudnnCreate(void **h) { *h = (void *) 0x21; return 0; }
int cudnnDestroy(void *h) { return 0; }
int cudnnSetStream(void *h, void *s) { return s == (void *) 0x5 ? 0 : 2000; }
int cudnnBackendCreateDescriptor(int type, void **d) { int *p = calloc(2, sizeof(int)); p[0] = type; *d = p; live_descriptors++; return 0; }
int cudnnBackendDestroyDescriptor(void *d) { free(d); live_descriptors--; return 0; }
int cudnnBackendFinalize(void *d) { finalized++; return fail_plans && ((int *) d)[0] == 5 ? 3000 : 0; }
int cudnnBackendSetAttribute(void *d, int name, int type, int64_t count, const void *values) {
    if (!values || count < 1) return 2002;
    if (name == 801) graph_ops = count;
    return 0;
}
int cudnnBackendGetAttribute(void *d, int name, int type, int64_t requested, int64_t *count, void *values) {
    if (name == 202) { *count = requested == 0 ? 3 : requested; return 0; }
    if (name == 402) { *(int64_t *) values = 0; *count = 1; return 0; }
    *count = 0;
    return 0;
}
int cudnnBackendExecute(void *h, void *plan, void *pack) { executed++; return h == (void *) 0x21 ? 0 : 2000; }

/* ---- cuFFT ---- */
static int fft_next_plan = 1, fft_live_plans, fft_r2c, fft_c2r, fft_plan_stream[256];
static int fft_last_plan[8]; /* n, inembed, istride, idist, onembed, ostride, odist, batch */
int fake_fft_live_plans(void) { return fft_live_plans; }
int fake_fft_r2c(void) { return fft_r2c; }
int fake_fft_c2r(void) { return fft_c2r; }
int fake_fft_last_plan(int i) { return fft_last_plan[i]; }
int cufftGetVersion(int *v) { *v = 12000; return 0; }
int cufftPlanMany(int *plan, int rank, int *n, int *inembed, int istride, int idist, int *onembed, int ostride, int odist, int type,
                  int batch) {
    if (!plan || rank != 1 || !n || n[0] < 1 || batch < 1) return 4;                 /* CUFFT_INVALID_VALUE */
    if (type != 0x2a && type != 0x2c && type != 0x29) return 3;                       /* CUFFT_INVALID_TYPE */
    if (!inembed || !onembed || istride < 1 || idist < 1 || ostride < 1 || odist < 1) return 4;
    int in_len = type == 0x2c ? n[0] / 2 + 1 : n[0], out_len = type == 0x2a ? n[0] / 2 + 1 : n[0];
    if (inembed[0] < in_len || onembed[0] < out_len) return 4;                       /* storage shorter than the transform */
    if (fft_next_plan >= 256) return 2;
    int v[8] = {n[0], inembed[0], istride, idist, onembed[0], ostride, odist, batch};
    memcpy(fft_last_plan, v, sizeof v);
    *plan = fft_next_plan++;
    fft_plan_stream[*plan] = 0;
    fft_live_plans++;
    return 0;
}
int cufftSetStream(int plan, void *stream) {
    if (plan < 1 || plan >= fft_next_plan) return 1;                                   /* CUFFT_INVALID_PLAN */
    fft_plan_stream[plan] = stream == (void *) 0x5;
    return 0;
}
int cufftExecR2C(int plan, float *in, void *out) {
    if (plan < 1 || plan >= fft_next_plan || !fft_plan_stream[plan]) return 1;
    if (!in || !out) return 4;
    fft_r2c++;
    return 0;
}
int cufftExecC2R(int plan, void *in, float *out) {
    if (plan < 1 || plan >= fft_next_plan || !fft_plan_stream[plan]) return 1;
    if (!in || !out) return 4;
    fft_c2r++;
    return 0;
}
int cufftDestroy(int plan) {
    if (plan < 1 || plan >= fft_next_plan) return 1;
    fft_plan_stream[plan] = 0;
    fft_live_plans--;
    return 0;
}

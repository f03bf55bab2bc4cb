/*
 * A bare native loop over onnxruntime's C API: the reference the Node binding is compared with
 * (what onnxruntime_perf_test measures). Built by scripts/bench-binding.ts against the very
 * libonnxruntime that onnxruntime-node loads, when a C compiler is present.
 *
 *   native-loop MODEL WIDTH MIN_MS THREADS BATCH...   (THREADS 0: onnxruntime's default)
 *   prints one line per batch: <batch> <ms per run>
 *
 * native-loop-addon.c includes this file (NATIVE_LOOP_NO_MAIN) to run the same loop inside a Node process.
 *
 * No onnxruntime header is needed: OrtApi is a table of function pointers that onnxruntime only ever
 * appends to, so an entry's index is fixed across versions (indices from onnxruntime_c_api.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef void *Status; /* OrtStatus*: NULL means success */
typedef const void *const *(*GetApiFn)(uint32_t version);
typedef struct { GetApiFn GetApi; const char *(*GetVersionString)(void); } ApiBase;
extern const ApiBase *OrtGetApiBase(void);

enum {
  I_GET_ERROR_MESSAGE = 2, I_CREATE_ENV = 3, I_CREATE_SESSION = 7, I_RUN = 9, I_CREATE_SESSION_OPTIONS = 10,
  I_SET_INTRA_OP_NUM_THREADS = 24, I_CREATE_TENSOR_WITH_DATA = 49, I_CREATE_CPU_MEMORY_INFO = 69, I_RELEASE_SESSION = 95, I_RELEASE_VALUE = 96,
  I_RELEASE_SESSION_OPTIONS = 100,
};

static const void *const *api;

static void check(Status s, const char *what) {
  if (s == NULL) return;
  const char *(*message)(Status) = (const char *(*)(Status))api[I_GET_ERROR_MESSAGE];
  fprintf(stderr, "%s: %s\n", what, message(s));
  exit(1);
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

typedef Status (*RunFn)(void *, void *, const char *const *, const void *const *, size_t, const char *const *, size_t, void **);

/* Times back-to-back runs at one batch for at least min_ms (and 5 runs), after 5 warm-up runs: ms per run. */
static double time_batch(void *session, void *memory, int64_t batch, int64_t width, double min_ms) {
  int64_t shape[2] = {batch, width};
  size_t count = (size_t)(batch * width);
  float *data = malloc(count * sizeof(float));
  for (size_t i = 0; i < count; i++) data[i] = (float)((i % 97) / 48.5 - 1.0);
  void *input = NULL;
  check(((Status(*)(void *, void *, size_t, const int64_t *, size_t, int, void **))api[I_CREATE_TENSOR_WITH_DATA])(
            memory, data, count * sizeof(float), shape, 2, 1 /* float */, &input), "CreateTensorWithDataAsOrtValue");
  RunFn run = (RunFn)api[I_RUN];
  void (*release_value)(void *) = (void (*)(void *))api[I_RELEASE_VALUE];
  const char *in_names[] = {"x"}, *out_names[] = {"y"};
  const void *inputs[] = {input};
  long runs = 0;
  double t0 = 0, elapsed = 0;
  for (long i = -5; i < 5 || elapsed < min_ms; i++) {
    if (i == 0) t0 = now_ms();
    void *out = NULL;
    check(run(session, NULL, in_names, inputs, 1, out_names, 1, &out), "Run");
    release_value(out); /* onnxruntime allocates the output each run, as it does under the binding */
    if (i >= 0) {
      runs++;
      elapsed = now_ms() - t0;
    }
  }
  release_value(input);
  free(data);
  return elapsed / runs;
}

/* A session with `threads` intra-op threads (0: onnxruntime's default), onnxruntime's default options otherwise. */
static void *open_session(const char *model, int threads) {
  static void *env = NULL;
  if (api == NULL) api = OrtGetApiBase()->GetApi(1); /* version 1 of the table: every entry used here existed then */
  if (env == NULL) check(((Status(*)(int, const char *, void **))api[I_CREATE_ENV])(3, "native-loop", &env), "CreateEnv");
  void *options = NULL, *session = NULL;
  check(((Status(*)(void **))api[I_CREATE_SESSION_OPTIONS])(&options), "CreateSessionOptions");
  if (threads > 0) check(((Status(*)(void *, int))api[I_SET_INTRA_OP_NUM_THREADS])(options, threads), "SetIntraOpNumThreads");
  check(((Status(*)(void *, const char *, void *, void **))api[I_CREATE_SESSION])(env, model, options, &session), "CreateSession");
  ((void (*)(void *))api[I_RELEASE_SESSION_OPTIONS])(options);
  return session;
}

static void *cpu_memory(void) {
  static void *memory = NULL;
  if (memory == NULL) check(((Status(*)(int, int, void **))api[I_CREATE_CPU_MEMORY_INFO])(1, 0, &memory), "CreateCpuMemoryInfo");
  return memory;
}

#ifndef NATIVE_LOOP_NO_MAIN

int main(int argc, char **argv) {
  if (argc < 6) { fprintf(stderr, "usage: native-loop MODEL WIDTH MIN_MS THREADS BATCH...\n"); return 2; }
  int64_t width = atoll(argv[2]);
  double min_ms = atof(argv[3]);
  void *session = open_session(argv[1], atoi(argv[4]));
  for (int i = 5; i < argc; i++) {
    printf("%lld %.6f\n", atoll(argv[i]), time_batch(session, cpu_memory(), atoll(argv[i]), width, min_ms));
    fflush(stdout);
  }
  return 0; /* the process exits; onnxruntime's objects go with it */
}
#endif

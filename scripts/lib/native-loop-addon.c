/*
 * The native loop of native-loop.c as a Node addon: the same C API loop over the same libonnxruntime, but
 * inside the Node process that runs onnxruntime-node. Beside the separate native process it tells whether
 * what the binding loses comes from the process (a Node process's memory, threads and caches) or from the
 * binding's own path per run. Built by scripts/lib/native-loop.ts with `cc` against Node's own headers.
 *
 *   open(modelPath, threads) -> session      (threads 0: onnxruntime's default)
 *   time(session, batch, width, minMs) -> ms per run
 *   close(session)
 */
#define NAPI_VERSION 6
#define NATIVE_LOOP_NO_MAIN
#include <node_api.h>
#include "native-loop.c"

/* The call's first n arguments (missing ones read as undefined). */
static void args(napi_env env, napi_callback_info info, size_t n, napi_value *argv) {
  size_t argc = n;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
}

static void *session_arg(napi_env env, napi_value value) {
  void *session = NULL;
  napi_get_value_external(env, value, &session);
  return session;
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  args(env, info, 2, argv);
  char path[4096];
  size_t length = 0;
  int32_t threads = 0;
  napi_get_value_string_utf8(env, argv[0], path, sizeof path, &length);
  napi_get_value_int32(env, argv[1], &threads);
  napi_value out;
  napi_create_external(env, open_session(path, threads), NULL, NULL, &out);
  return out;
}

static napi_value js_time(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  args(env, info, 4, argv);
  int64_t batch = 0, width = 0;
  double min_ms = 0;
  napi_get_value_int64(env, argv[1], &batch);
  napi_get_value_int64(env, argv[2], &width);
  napi_get_value_double(env, argv[3], &min_ms);
  napi_value out;
  napi_create_double(env, time_batch(session_arg(env, argv[0]), cpu_memory(), batch, width, min_ms), &out);
  return out;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args(env, info, 1, argv);
  ((void (*)(void *))api[I_RELEASE_SESSION])(session_arg(env, argv[0]));
  return NULL;
}

NAPI_MODULE_INIT() {
  const struct { const char *name; napi_callback fn; } methods[] = {{"open", js_open}, {"time", js_time}, {"close", js_close}};
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
    napi_value fn;
    napi_create_function(env, methods[i].name, NAPI_AUTO_LENGTH, methods[i].fn, NULL, &fn);
    napi_set_named_property(env, exports, methods[i].name, fn);
  }
  return exports;
}

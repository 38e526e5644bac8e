using Workerd = import "/workerd/workerd.capnp";

# Run with `workerd serve worker.capnp`; worker.mjs is worker.ts bundled (esbuild).
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # workerd blocks a Worker's fetch to private addresses unless its network allows them.
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.mjs")],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat", "enable_request_signal"],
  bindings = [
    (name = "TOKEN_URL", fromEnvironment = "TOKEN_URL"),
    (name = "CLIENT_ID", fromEnvironment = "CLIENT_ID"),
    (name = "CLIENT_SECRET", fromEnvironment = "CLIENT_SECRET"),
    (name = "BASE_URL", fromEnvironment = "BASE_URL"),
    (name = "PROXY_TARGET", fromEnvironment = "PROXY_TARGET"),
  ],
  globalOutbound = "loopback",
);

-- wrk script: POST /api/login with correct credentials, cycling over the accounts scale.sh signed
-- up (bench-0 … bench-63@example.com), each connection with its own X-Forwarded-For address so the
-- per-client attempt counters of different connections stay apart (the demo runs with
-- LATCHKEY_TRUST_PROXY=true). Every sign-in succeeds, which resets the counters.
local accounts = tonumber(os.getenv("SIGNIN_ACCOUNTS") or "64")
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  counter = id * 1000
end

function request()
  counter = counter + 1
  local n = counter % accounts
  local body = string.format('{"email":"bench-%d@example.com","password":"Horse-%d-q7Zt!w2Rv-Lantern"}', n, n)
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", id % 250, math.floor(counter / 250) % 250, counter % 250)
  }
  return wrk.format("POST", "/api/login", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("requests: %d, errors: status %d, connect %d, read %d, timeout %d\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.timeout))
  io.write(string.format("throughput: %.1f sign-ins/s\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

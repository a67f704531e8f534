-- wrk script: POST /api/login with correct credentials, cycling over the accounts scale.sh signed
-- up (bench-0 … bench-63@example.com), each connection with its own X-Forwarded-For address so the
-- per-client attempt counters of different connections stay apart (the demo runs with
-- LATCHKEY_TRUST_PROXY=true). Every sign-in succeeds, which resets the counters.
local accounts = tonumber(os.getenv("SIGNIN_ACCOUNTS") or "64")
-- Each wrk thread cycles over its own share of the accounts (as many as its connections, so an
-- account rarely has two sign-ins in flight): otherwise, with seconds of queue for a hashing permit,
-- one account could have more attempts counted and not yet checked than the limiter's 5 free ones,
-- and answer 429 by design.
local threads_total = tonumber(os.getenv("SIGNIN_THREADS") or "1")
local share = math.max(1, math.floor(accounts / threads_total))
local counter = 0
local thread_id = 0
local threads = {}
-- Answers other than 200, by status, per thread (read back in done()).
unexpected = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status ~= 200 then
    unexpected[status] = (unexpected[status] or 0) + 1
  end
end

function init(args)
  counter = id * 1000
end

function request()
  counter = counter + 1
  local n = (id % threads_total) * share + counter % share
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
  local by_status = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("unexpected")) do
      by_status[status] = (by_status[status] or 0) + n
    end
  end
  for status, n in pairs(by_status) do
    io.write(string.format("status %d: %d responses\n", status, n))
  end
  io.write(string.format("throughput: %.1f sign-ins/s\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

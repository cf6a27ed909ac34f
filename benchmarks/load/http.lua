-- The HTTP workloads of benchmarks/run.sh, one wrk script for all of them so that every target
-- pays the same client-side cost per request (one math.random, one string.format).
--
--   wrk -t2 -c50 -d10s --latency -s http.lua http://127.0.0.1:PORT -- WORKLOAD [KEYS] [PREFIX]
--
-- WORKLOAD (the target is the URL; the workload says what each request is):
--   noop                GET /bench/noop                          (Restis: the HTTP stack's ceiling)
--   strings-get         GET /strings/{key}                       (Restis resource)
--   strings-put         PUT /strings/{key}  {"value": V}         (Restis resource)
--   path-get            GET /redis/get/{key}                     (Restis command endpoint, path form)
--   path-set            GET /redis/set/{key}/V                   (Restis command endpoint, path form)
--   json-get            POST /redis ["GET", key]                 (Restis command endpoint, JSON)
--   json-set            POST /redis ["SET", key, V]              (Restis command endpoint, JSON)
--   webdis-get          GET /GET/{key}                           (webdis in front of redis-server)
--   webdis-set          GET /SET/{key}/V                         (webdis)
--   pipeline-get        POST /redis/pipeline, 100 GETs           (Restis; commands/s = requests/s x 100)
--   pipeline-set        POST /redis/pipeline, 100 SETs
--   sort                POST /redis [SORT city:C BY contact:*->name ALPHA LIMIT 0 20 GET # GET ...]
--   webdis-sort         GET /SORT/city:C/BY/contact:*->name/ALPHA/LIMIT/0/20/GET/#/GET/...
--   sort-key            POST /redis [SORT city:C:byname BY nosort LIMIT 0 20 GET # GET ...]
--                       (the sorted set of the city's ids scored by the loader's sort key)
--   webdis-sort-key     GET /SORT/city:C:byname/BY/nosort/LIMIT/0/20/GET/#/GET/...
--   track               POST /track/bench, a page view as tracker.js sends it (JSON in a text/plain
--                       body, an Origin header); another of 500 pages each time, another visitor
--                       every 4 views (visitor ids differ between threads)
--
-- KEYS (default 100000): keys are PREFIX .. a random integer in [0, KEYS) printed as %012d, the
-- form redis-benchmark gives key:__rand_int__, so Restis, webdis and redis-benchmark touch the
-- same names. PREFIX defaults to "key:". For the sort workloads KEYS is the number of cities; track
-- uses neither.
--
-- done() prints one line "RESULT {json}" with requests/s, latency percentiles (microseconds) and
-- errors, which run.sh reads; the usual wrk report stays above it for people.

local VALUE = "value-0123456789" -- 16 bytes
local BATCH = 100                 -- commands per pipeline request
local BODIES = 64                 -- distinct pipeline bodies, made once, sent in turn

local workload, keys, prefix
local pipeline_bodies, next_body = {}, 1
local views, visitor_base = 0, 0 -- track: views sent by this thread, and its visitor id prefix

local function key()
  return prefix .. string.format("%012d", math.random(0, keys - 1))
end

local function make_pipeline(cmd)
  local parts = {}
  for i = 1, BATCH do
    if cmd == "GET" then
      parts[i] = '["GET","' .. key() .. '"]'
    else
      parts[i] = '["SET","' .. key() .. '","' .. VALUE .. '"]'
    end
  end
  return "[" .. table.concat(parts, ",") .. "]"
end

function init(args)
  workload = args[1] or "noop"
  keys = tonumber(args[2] or "100000")
  prefix = args[3] or "key:"
  -- Each thread its own sequence, so two threads do not send the same keys in lockstep.
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
  visitor_base = math.random(1, 1000000000)
  if workload == "pipeline-get" or workload == "pipeline-set" then
    for i = 1, BODIES do
      pipeline_bodies[i] = make_pipeline(workload == "pipeline-get" and "GET" or "SET")
    end
  end
end

local json_headers = { ["Content-Type"] = "application/json" }
local SORT_TAIL_JSON = '","BY","contact:*->name","ALPHA","LIMIT","0","20","GET","#",'
    .. '"GET","contact:*->name","GET","contact:*->email"]'
local SORT_TAIL_PATH = "/BY/contact:*-%3Ename/ALPHA/LIMIT/0/20/GET/%23/GET/contact:*-%3Ename/GET/contact:*-%3Eemail"
local SORT_KEY_TAIL_JSON = ':byname","BY","nosort","LIMIT","0","20","GET","#",'
    .. '"GET","contact:*->name","GET","contact:*->email"]'
local SORT_KEY_TAIL_PATH = ":byname/BY/nosort/LIMIT/0/20/GET/%23/GET/contact:*-%3Ename/GET/contact:*-%3Eemail"
local track_headers = { ["Content-Type"] = "text/plain;charset=UTF-8", ["Origin"] = "https://shop.example.com" }

function request()
  if workload == "noop" then
    return wrk.format("GET", "/bench/noop")
  elseif workload == "strings-get" then
    return wrk.format("GET", "/strings/" .. key())
  elseif workload == "strings-put" then
    return wrk.format("PUT", "/strings/" .. key(), json_headers, '{"value":"' .. VALUE .. '"}')
  elseif workload == "path-get" then
    return wrk.format("GET", "/redis/get/" .. key())
  elseif workload == "path-set" then
    return wrk.format("GET", "/redis/set/" .. key() .. "/" .. VALUE)
  elseif workload == "json-get" then
    return wrk.format("POST", "/redis", json_headers, '["GET","' .. key() .. '"]')
  elseif workload == "json-set" then
    return wrk.format("POST", "/redis", json_headers, '["SET","' .. key() .. '","' .. VALUE .. '"]')
  elseif workload == "webdis-get" then
    return wrk.format("GET", "/GET/" .. key())
  elseif workload == "webdis-set" then
    return wrk.format("GET", "/SET/" .. key() .. "/" .. VALUE)
  elseif workload == "pipeline-get" or workload == "pipeline-set" then
    local body = pipeline_bodies[next_body]
    next_body = next_body % BODIES + 1
    return wrk.format("POST", "/redis/pipeline", json_headers, body)
  elseif workload == "sort" then
    return wrk.format("POST", "/redis", json_headers, '["SORT","' .. key() .. SORT_TAIL_JSON)
  elseif workload == "webdis-sort" then
    return wrk.format("GET", "/SORT/" .. key() .. SORT_TAIL_PATH)
  elseif workload == "sort-key" then
    return wrk.format("POST", "/redis", json_headers, '["SORT","' .. key() .. SORT_KEY_TAIL_JSON)
  elseif workload == "webdis-sort-key" then
    return wrk.format("GET", "/SORT/" .. key() .. SORT_KEY_TAIL_PATH)
  elseif workload == "track" then
    views = views + 1
    local page = views % 500
    return wrk.format("POST", "/track/bench", track_headers, string.format(
        '{"url":"https://shop.example.com/products/%d?ref=bench","referrer":"https://search.example/",'
        .. '"title":"Product %d","time":1764110000000,"visitor":"v-%d-%d"}',
        page, page, visitor_base, math.floor(views / 4)))
  end
  error("unknown workload " .. tostring(workload))
end

-- Answers that are not 2xx/3xx count as errors (wrk's status errors); so does an answer carrying
-- a command error, which the store sends with 200 inside a pipeline.
bad_body = 0 -- global: done() reads it from each thread with thread:get
function response(status, headers, body)
  if status >= 400 or (body and body:find('"error"', 1, true)) then
    bad_body = bad_body + 1
  end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("bad_body") or 0)
  end
  local e = summary.errors
  io.write(string.format(
      'RESULT {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
      .. '"max_us":%d,"mean_us":%.1f,"errors_connect":%d,"errors_read":%d,"errors_write":%d,'
      .. '"errors_status":%d,"errors_timeout":%d,"bad_answers":%d}\n',
      summary.requests, summary.duration, summary.requests / summary.duration * 1e6,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
      e.connect, e.read, e.write, e.status, e.timeout, bad))
end

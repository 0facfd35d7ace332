-- The request mix of the load test (bench/load.py): reads, writes and exports of the API.
--
-- wrk -t2 -c8 -d30s --latency -s bench/wrk/mix.lua http://127.0.0.1:PORT -- PLAN READS WRITES EXPORTS
--
-- PLAN is a tab-separated file written by bench/load.py, one line per request template:
--   token   <API key>
--   read    <path>
--   write   <path>  <lowest value>  <highest value>  <other JSON fields, without braces>
--   export  <path>  <JSON body>
-- READS, WRITES and EXPORTS are the weights of each kind (80 15 5 by default).
-- At the end, one line starting with "MIX " gives the figures as JSON for the Python side.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

function init(args)
  local plan = { read = {}, write = {}, export = {} }
  local key
  for line in io.lines(args[1]) do
    local fields = split(line)
    if fields[1] == "token" then
      key = fields[2]
    elseif plan[fields[1]] then
      table.insert(plan[fields[1]], fields)
    end
  end
  local reads, writes = tonumber(args[2] or 80), tonumber(args[3] or 15)
  local exports = tonumber(args[4] or 5)
  local total = reads + writes + exports
  -- Cumulative shares, to draw a kind with one random number.
  read_share, write_share = reads / total, (reads + writes) / total
  -- The platform sits behind a TLS proxy in production: it says the request came over HTTPS.
  headers = {
    ["Authorization"] = "Token " .. key,
    ["X-Forwarded-Proto"] = "https",
  }
  json_headers = {
    ["Authorization"] = "Token " .. key,
    ["X-Forwarded-Proto"] = "https",
    ["Content-Type"] = "application/json",
  }
  -- Reads never change: formatted once.
  read_requests = {}
  for _, fields in ipairs(plan.read) do
    table.insert(read_requests, wrk.format("GET", fields[2], headers))
  end
  write_plan, export_plan = plan.write, plan.export
  math.randomseed(id * 7919)
  sent = { read = 0, write = 0, export = 0 }
  statuses = {}
end

function request()
  local draw = math.random()
  if draw < read_share then
    sent.read = sent.read + 1
    return read_requests[math.random(#read_requests)]
  end
  if draw < write_share then
    sent.write = sent.write + 1
    local fields = write_plan[math.random(#write_plan)]
    local low, high = tonumber(fields[3]), tonumber(fields[4])
    -- A new figure each time (one decimal), so that the upsert really writes.
    local value = low + math.random() * (high - low)
    local body = string.format('{"value": "%.1f"%s}', value, fields[5])
    return wrk.format("PUT", fields[2], json_headers, body)
  end
  sent.export = sent.export + 1
  local fields = export_plan[math.random(#export_plan)]
  return wrk.format("POST", fields[2], json_headers, fields[3])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local mix = { read = 0, write = 0, export = 0 }
  local codes = {}
  for _, thread in ipairs(threads) do
    for kind, count in pairs(thread:get("sent")) do
      mix[kind] = mix[kind] + count
    end
    for code, count in pairs(thread:get("statuses")) do
      codes[code] = (codes[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(codes) do
    table.insert(parts, string.format('"%d": %d', code, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'MIX {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, '
      .. '"statuses": {%s}, "sent": {"read": %d, "write": %d, "export": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.timeout, table.concat(parts, ", "), mix.read, mix.write, mix.export
  ))
end

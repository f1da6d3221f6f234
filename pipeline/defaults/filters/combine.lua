-- Several filters in as few walks of the document as possible.
--
-- pandoc walks the whole document once for every filter table it runs, and each walk costs
-- the same whether it changes one element or none (at 300 contributions about 0.15 to 0.3 s
-- each: a third of the HTML render went to five small filters). Loaded by a format's filter
-- list (`html-filters.lua` and the like) with the names of the filters it runs, in order:
--
-- * a table with only `Meta` (reading labels) runs in one first pass, in order;
-- * tables that only handle element types (no `traverse`, `Pandoc`, `Blocks`, `Inlines` or
--   `Meta`) are merged into one walk, as long as no two handle the same type;
-- * any other table runs as it is, where it stood.
--
-- Merged tables see the document as the first of them did: only filters that do not make
-- elements another one handles may be listed together (each list says why that holds).

local here = pandoc.path.directory(PANDOC_SCRIPT_FILE)
local SPECIAL = { traverse = true, Pandoc = true, Blocks = true, Inlines = true, Meta = true }

local function load_filter(name)
  local path = pandoc.path.join({ here, name .. ".lua" })
  local handle = assert(io.open(path, "r"))
  local code = handle:read("a")
  handle:close()
  -- Each filter keeps its own globals, and knows where it lives.
  local env = setmetatable({ PANDOC_SCRIPT_FILE = path }, { __index = _G })
  local filters = assert(load(code, "@" .. path, "t", env))()
  if filters == nil then  -- a filter of global functions
    filters = {}
    for key, value in pairs(env) do
      if type(value) == "function" then filters[key] = value end
    end
  end
  if filters[1] == nil then filters = { filters } end
  return filters
end

local function only_meta(filter)
  for key in pairs(filter) do
    if key ~= "Meta" then return false end
  end
  return filter.Meta ~= nil
end

local function simple(filter)
  for key in pairs(filter) do
    if SPECIAL[key] then return false end
  end
  return true
end

return function(names)
  local metas, walks, current = {}, {}, nil
  for _, name in ipairs(names) do
    for _, filter in ipairs(load_filter(name)) do
      if only_meta(filter) then
        table.insert(metas, filter.Meta)
      elseif simple(filter) then
        for key in pairs(filter) do
          if current and current[key] then current = nil end
        end
        if not current then
          current = {}
          table.insert(walks, current)
        end
        for key, fn in pairs(filter) do current[key] = fn end
      else
        current = nil
        table.insert(walks, filter)
      end
    end
  end
  local result = {
    {
      Meta = function(meta)
        for _, fn in ipairs(metas) do meta = fn(meta) or meta end
        return meta
      end,
    },
  }
  for _, walk in ipairs(walks) do table.insert(result, walk) end
  return result
end

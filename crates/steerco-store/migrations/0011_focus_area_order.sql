-- Steerco schema 11: focus areas in an order of the committee's choosing.
-- A fractional order key (src/order_key.rs), like agenda items: a move
-- changes only the moved area's key, so concurrent moves merge per area.
-- Areas without a key (all of them before this version, and those added
-- while any area has none) follow the ones with a key, by number: a
-- workspace nobody reordered keeps its numeric order.
ALTER TABLE focus_area ADD COLUMN position TEXT;

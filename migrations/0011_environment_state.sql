-- The rooms' environment at the station (issue 13 item 1): the excursion state machine's state
-- per room, quantity and source ('broker': the station's own subscription, 'hub': the hub's room
-- state taken at sync), so that a restarted station still blocks work in a room at the action
-- level. A working cache, like the projections: what happened is in the ledger
-- (`environment.excursion_recorded` in each batch concerned).
CREATE TABLE `environment_states` (
	`room` text NOT NULL,
	`quantity` text NOT NULL,
	`source` text NOT NULL,
	`state` text NOT NULL,
	`last_time` text,
	PRIMARY KEY(`room`, `quantity`, `source`),
	CONSTRAINT `environment_states_source` CHECK(`source` IN ('broker', 'hub'))
);

CREATE TABLE `conversation_coaching_stats` (
	`organization_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`analyzer` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`our_talk_ms` integer NOT NULL,
	`their_talk_ms` integer NOT NULL,
	`unknown_talk_ms` integer NOT NULL,
	`longest_monologue_ms` integer NOT NULL,
	`longest_monologue_start_ms` integer,
	`longest_monologue_speaker` text,
	`questions_asked` integer NOT NULL,
	`customer_questions` integer NOT NULL,
	`unanswered_questions` integer NOT NULL,
	`next_steps` integer NOT NULL,
	`next_steps_with_date` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `conversation_id`)
);

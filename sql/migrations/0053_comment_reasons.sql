-- The reasons an LLM found in review comments (issue #7 point 4, the LLM half): one row per
-- negative, commented review, written by the feedback.comment_reasons task
-- (tasks/comment_reasons_task.h). feedback/rule_proposals.h uses a review's row instead of the
-- lexicon while `comment` still equals the review's comment; an edited comment is asked again.
--
-- Who writes what: the task writes as the owner role, naming the user in every statement; the
-- API role reads the caller's rows only (row-level security as on profiles, 0020_accounts.sql).
CREATE TABLE review_reasons (
  user_id        bigint      NOT NULL,
  posting_id     bigint      NOT NULL,
  comment        text        NOT NULL,  -- the comment the reasons were extracted from
  reasons        jsonb       NOT NULL CHECK (jsonb_typeof(reasons) = 'array' AND reasons <@
                   '["too_senior", "too_junior", "agency", "too_far", "needs_remote", "low_salary"]'::jsonb),
  model          text        NOT NULL,
  prompt_version text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, posting_id),
  FOREIGN KEY (user_id, posting_id) REFERENCES reviews (user_id, posting_id) ON DELETE CASCADE
);
ALTER TABLE review_reasons ENABLE ROW LEVEL SECURITY;
CREATE POLICY review_reasons_self ON review_reasons TO jobrec_api
  USING (user_id = jobrec_current_user_id()) WITH CHECK (user_id = jobrec_current_user_id());
GRANT SELECT ON review_reasons TO jobrec_api;

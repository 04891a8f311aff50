-- The partnerships service's store (services/partnerships/store). Instants
-- are Unix microseconds, booleans 0/1, enums their proto numbers, civil days
-- 'YYYY-MM-DD' text (which compares as the days do); `version` is the row
-- version the etag renders and compare-and-set updates check. No table
-- holds personal data beyond user ids.
CREATE TABLE partnerships_agreements (
  id TEXT PRIMARY KEY,
  kind BIGINT NOT NULL,
  title_ar TEXT NOT NULL,
  title_fr TEXT NOT NULL,
  title_en TEXT NOT NULL,
  summary_ar TEXT NOT NULL,
  summary_fr TEXT NOT NULL,
  summary_en TEXT NOT NULL,
  effective_on TEXT NOT NULL,
  duration_months BIGINT NOT NULL,
  signing_place_ar TEXT NOT NULL,
  signing_place_fr TEXT NOT NULL,
  signing_place_en TEXT NOT NULL,
  terms_document_digest TEXT NOT NULL,
  -- JSON array of {organization_id, program_ids, max_nominations}: read
  -- and written whole with the agreement, never filtered on.
  nomination_rights TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  extends_id TEXT,
  superseded_by_id TEXT,
  supersede_on TEXT,
  content_digest TEXT NOT NULL,
  digest_format TEXT NOT NULL,
  -- As stored; readers see EffectiveState on their day, which the
  -- repository's filters compute from state, expires_on and supersede_on.
  state BIGINT NOT NULL,
  state_reason TEXT NOT NULL,
  state_change_time BIGINT NOT NULL,
  activate_time BIGINT,
  end_time BIGINT,
  signed_on TEXT,
  ended_on TEXT,
  -- Set exactly when the agreement was recorded as signed on paper.
  paper_signed_on TEXT,
  paper_document_digest TEXT,
  paper_recorded_by TEXT,
  paper_record_time BIGINT,
  creator TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  version BIGINT NOT NULL
);
-- ListAgreements runs newest first along this index.
CREATE INDEX partnerships_agreements_order
  ON partnerships_agreements (create_time, id);
-- Effective states, ListDue (state ACTIVE, expires_on reached),
-- expiring_before and active_on.
CREATE INDEX partnerships_agreements_by_state
  ON partnerships_agreements (state, expires_on);
CREATE INDEX partnerships_agreements_by_expires_on
  ON partnerships_agreements (expires_on);
CREATE INDEX partnerships_agreements_by_supersede_on
  ON partnerships_agreements (supersede_on) WHERE supersede_on IS NOT NULL;
CREATE INDEX partnerships_agreements_by_kind
  ON partnerships_agreements (kind, create_time);
CREATE INDEX partnerships_agreements_by_extends
  ON partnerships_agreements (extends_id) WHERE extends_id IS NOT NULL;

-- An agreement's parties, in its order (party_index from 0), with each
-- party's signature once given.
CREATE TABLE partnerships_agreement_parties (
  agreement_id TEXT NOT NULL,
  party_index BIGINT NOT NULL,
  organization_id TEXT NOT NULL,
  role BIGINT NOT NULL,
  -- '' only in paper records that name no account.
  signatory_id TEXT NOT NULL,
  signatory_title TEXT NOT NULL,
  signatory_status BIGINT NOT NULL,
  -- The signature: NULL until the party signs.
  signer_id TEXT,
  sign_time BIGINT,
  signed_digest TEXT,
  -- JSON array of the token's amr values.
  signature_amr TEXT,
  signature_token_id TEXT,
  PRIMARY KEY (agreement_id, party_index)
);
-- The party and visibility filters.
CREATE INDEX partnerships_agreement_parties_by_organization
  ON partnerships_agreement_parties (organization_id, agreement_id);
-- The signatory filter and ListUnsignedBySignatory.
CREATE INDEX partnerships_agreement_parties_by_signatory
  ON partnerships_agreement_parties (signatory_id, agreement_id);

-- An agreement's scope areas, one row each: the scope_areas filter.
CREATE TABLE partnerships_agreement_scopes (
  agreement_id TEXT NOT NULL,
  scope_area BIGINT NOT NULL,
  PRIMARY KEY (agreement_id, scope_area)
);
CREATE INDEX partnerships_agreement_scopes_by_area
  ON partnerships_agreement_scopes (scope_area, agreement_id);

CREATE TABLE partnerships_obligations (
  agreement_id TEXT NOT NULL,
  id TEXT NOT NULL,
  responsible_party_id TEXT NOT NULL,
  description_ar TEXT NOT NULL,
  description_fr TEXT NOT NULL,
  description_en TEXT NOT NULL,
  due_on TEXT NOT NULL,
  state BIGINT NOT NULL,
  evidence_digest TEXT NOT NULL,
  evidence_note TEXT NOT NULL,
  state_reason TEXT NOT NULL,
  state_changed_by TEXT NOT NULL,
  state_change_time BIGINT,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (agreement_id, id)
);
-- Lists run by (due_on, agreement_id, id): one agreement's, and every
-- agreement's ("agreements/-").
CREATE INDEX partnerships_obligations_of_agreement
  ON partnerships_obligations (agreement_id, due_on, id);
CREATE INDEX partnerships_obligations_order
  ON partnerships_obligations (due_on, agreement_id, id);
CREATE INDEX partnerships_obligations_by_responsible
  ON partnerships_obligations (responsible_party_id, due_on);

CREATE TABLE partnerships_kpis (
  agreement_id TEXT NOT NULL,
  id TEXT NOT NULL,
  display_name_ar TEXT NOT NULL,
  display_name_fr TEXT NOT NULL,
  display_name_en TEXT NOT NULL,
  unit TEXT NOT NULL,
  baseline DOUBLE PRECISION NOT NULL,
  target DOUBLE PRECISION NOT NULL,
  direction BIGINT NOT NULL,
  measurement_count BIGINT NOT NULL,
  -- The progress: NULL latest_period_end_on while no measurement is.
  latest_value DOUBLE PRECISION,
  latest_period_end_on TEXT,
  percent_of_target DOUBLE PRECISION,
  target_met BIGINT,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (agreement_id, id)
);
CREATE INDEX partnerships_kpis_order
  ON partnerships_kpis (agreement_id, create_time, id);

CREATE TABLE partnerships_kpi_measurements (
  agreement_id TEXT NOT NULL,
  kpi_id TEXT NOT NULL,
  -- MeasurementId: "YYYYMMDD-YYYYMMDD" of the period.
  id TEXT NOT NULL,
  period_start_on TEXT NOT NULL,
  period_end_on TEXT NOT NULL,
  period_label TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  note TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  record_time BIGINT NOT NULL,
  revision BIGINT NOT NULL,
  PRIMARY KEY (agreement_id, kpi_id, id)
);
CREATE INDEX partnerships_kpi_measurements_order
  ON partnerships_kpi_measurements (agreement_id, kpi_id, period_start_on, id);

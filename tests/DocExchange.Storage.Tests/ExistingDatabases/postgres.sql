--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: agencies; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agencies (
    code text NOT NULL COLLATE pg_catalog."C",
    parent_code text COLLATE pg_catalog."C",
    name text NOT NULL,
    active boolean NOT NULL,
    address text NOT NULL,
    email text NOT NULL,
    telephone text NOT NULL,
    fax text NOT NULL,
    website text NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: agency_crls; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agency_crls (
    agency_code text NOT NULL COLLATE pg_catalog."C",
    issuer_sha256 bytea NOT NULL,
    issuer text NOT NULL COLLATE pg_catalog."C",
    der bytea NOT NULL,
    this_update bigint NOT NULL,
    next_update bigint,
    revoked_count bigint NOT NULL
);


--
-- Name: agency_pinned_thumbprints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agency_pinned_thumbprints (
    agency_code text NOT NULL COLLATE pg_catalog."C",
    sha256 bytea NOT NULL
);


--
-- Name: agency_trusted_cas; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agency_trusted_cas (
    agency_code text NOT NULL COLLATE pg_catalog."C",
    sha256 bytea NOT NULL,
    der bytea NOT NULL,
    subject text NOT NULL COLLATE pg_catalog."C",
    not_after bigint NOT NULL,
    added_at bigint NOT NULL
);


--
-- Name: audit_checkpoints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_checkpoints (
    id bigint NOT NULL,
    tree_size bigint NOT NULL,
    root_hash bytea NOT NULL,
    signed_at bigint NOT NULL,
    body bytea NOT NULL,
    signature bytea NOT NULL,
    key_id bytea NOT NULL,
    timestamp_token bytea
);


--
-- Name: audit_checkpoints_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.audit_checkpoints ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audit_checkpoints_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: audit_counter; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_counter (
    id integer NOT NULL,
    next bigint NOT NULL,
    CONSTRAINT audit_counter_id_check CHECK ((id = 0))
);


--
-- Name: audit_event_agencies; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_event_agencies (
    agency_code text NOT NULL COLLATE pg_catalog."C",
    sequence bigint NOT NULL
);


--
-- Name: audit_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_events (
    sequence bigint NOT NULL,
    occurred_at bigint NOT NULL,
    actor_organ_id text NOT NULL COLLATE pg_catalog."C",
    actor_role text NOT NULL COLLATE pg_catalog."C",
    action text NOT NULL COLLATE pg_catalog."C",
    document_id text NOT NULL COLLATE pg_catalog."C",
    outcome text NOT NULL COLLATE pg_catalog."C",
    leaf bytea NOT NULL
);


--
-- Name: deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.deliveries (
    document_id text NOT NULL COLLATE pg_catalog."C",
    recipient_code text NOT NULL COLLATE pg_catalog."C",
    ordinal integer NOT NULL,
    stage integer NOT NULL,
    recall_pending boolean NOT NULL,
    latest_status integer,
    version bigint NOT NULL,
    removed_at bigint
);


--
-- Name: document_parts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_parts (
    document_id text NOT NULL COLLATE pg_catalog."C",
    ordinal integer NOT NULL,
    part_id text NOT NULL,
    kind integer NOT NULL,
    file_name text NOT NULL,
    content_type text NOT NULL,
    size bigint NOT NULL,
    sha256 text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: documents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.documents (
    "position" bigint NOT NULL,
    document_id text NOT NULL COLLATE pg_catalog."C",
    sender_code text NOT NULL COLLATE pg_catalog."C",
    message_id text NOT NULL COLLATE pg_catalog."C",
    subject text NOT NULL,
    business_type integer NOT NULL,
    referenced_document_id text COLLATE pg_catalog."C",
    header bytea NOT NULL,
    validation bytea,
    accepted_at bigint NOT NULL
);


--
-- Name: documents_position_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.documents ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.documents_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: inbox_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inbox_entries (
    cursor bigint NOT NULL,
    recipient_code text NOT NULL COLLATE pg_catalog."C",
    document_id text NOT NULL COLLATE pg_catalog."C",
    kind integer NOT NULL,
    reason text,
    delivered_at bigint NOT NULL,
    acknowledged_at bigint
);


--
-- Name: inbox_entries_cursor_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.inbox_entries ALTER COLUMN cursor ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.inbox_entries_cursor_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: merkle_nodes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.merkle_nodes (
    level integer NOT NULL,
    node_index bigint NOT NULL,
    hash bytea NOT NULL
);


--
-- Name: merkle_tree; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.merkle_tree (
    id integer NOT NULL,
    size bigint NOT NULL,
    CONSTRAINT merkle_tree_id_check CHECK ((id = 0))
);


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at bigint NOT NULL
);


--
-- Name: statuses; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.statuses (
    sequence bigint NOT NULL,
    document_id text NOT NULL COLLATE pg_catalog."C",
    sender_code text NOT NULL COLLATE pg_catalog."C",
    recipient_code text NOT NULL COLLATE pg_catalog."C",
    reporter_code text NOT NULL COLLATE pg_catalog."C",
    code integer NOT NULL,
    description text NOT NULL,
    reported_at bigint NOT NULL,
    recorded_at bigint NOT NULL,
    staff_department text NOT NULL,
    staff_name text NOT NULL,
    staff_mobile text NOT NULL,
    staff_email text NOT NULL,
    message_id text COLLATE pg_catalog."C"
);


--
-- Name: statuses_sequence_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.statuses ALTER COLUMN sequence ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.statuses_sequence_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: trace_hops; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.trace_hops (
    document_id text NOT NULL COLLATE pg_catalog."C",
    ordinal integer NOT NULL,
    organ_id text NOT NULL COLLATE pg_catalog."C",
    at bigint NOT NULL
);


--
-- Data for Name: agencies; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.agencies VALUES ('000.00.00.G02', NULL, 'Agency 000.00.00.G02', true, '', '', '', '', '', 638509068000000000, 638509068000000000);
INSERT INTO public.agencies VALUES ('000.00.00.G03', NULL, 'Agency 000.00.00.G03', true, '', '', '', '', '', 638509068000000000, 638509068000000000);
INSERT INTO public.agencies VALUES ('000.00.00.G04', NULL, 'Agency 000.00.00.G04', false, '', '', '', '', '', 638509068000000000, 638509068000000000);
INSERT INTO public.agencies VALUES ('000.00.00.G01', NULL, 'Agency 000.00.00.G01', true, '', '', '', '', '', 638509068000000000, 638509068000000000);


--
-- Data for Name: agency_crls; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.agency_crls VALUES ('000.00.00.G01', '\xfd0980ca2c68c6c4ffaaad1e66e56c1efcbc21c7340d79612cce974d9f8fd43e', 'CN=Existing Test CA', '\x6e6f742061207265616c2043524c2c206f6e6c792073746f726564206279746573', 638509068000000000, 638515116000000000, 2);


--
-- Data for Name: agency_pinned_thumbprints; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.agency_pinned_thumbprints VALUES ('000.00.00.G01', '\xd815c4a8e0a4cc0200552a79d8ddc8680e4f5fc3acacb91cec720b400dc8c84d');


--
-- Data for Name: agency_trusted_cas; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.agency_trusted_cas VALUES ('000.00.00.G01', '\xfd0980ca2c68c6c4ffaaad1e66e56c1efcbc21c7340d79612cce974d9f8fd43e', '\x6e6f742061207265616c2063657274696669636174652c206f6e6c792073746f726564206279746573', 'CN=Existing Test CA', 640086732000000000, 638509068000000000);


--
-- Data for Name: audit_checkpoints; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: audit_counter; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_counter VALUES (0, 8);


--
-- Data for Name: audit_event_agencies; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_event_agencies VALUES ('000.00.00.G01', 5);
INSERT INTO public.audit_event_agencies VALUES ('000.00.00.G02', 6);
INSERT INTO public.audit_event_agencies VALUES ('000.00.00.G01', 7);


--
-- Data for Name: audit_events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_events VALUES (0, 638509068000000000, '', 'operator', 'registry.agency_registered', '', 'ok', '\x7b2276657273696f6e223a312c2273657175656e6365223a302c2274696d65223a22323032342d30352d31305430333a30303a30302e3030303030305a222c226163746f72223a7b226f7267616e4964223a22222c22726f6c65223a226f70657261746f72222c226365727469666963617465536861323536223a22227d2c22616374696f6e223a2272656769737472792e6167656e63795f72656769737465726564222c22646f63756d656e744964223a22222c22726563697069656e7473223a5b5d2c22636f6e74656e74486173686573223a5b5d2c226f7574636f6d65223a226f6b222c2264657461696c223a22227d');
INSERT INTO public.audit_events VALUES (1, 638509068000000000, '', 'operator', 'registry.agency_registered', '', 'ok', '\x7b2276657273696f6e223a312c2273657175656e6365223a312c2274696d65223a22323032342d30352d31305430333a30303a30302e3030303030305a222c226163746f72223a7b226f7267616e4964223a22222c22726f6c65223a226f70657261746f72222c226365727469666963617465536861323536223a22227d2c22616374696f6e223a2272656769737472792e6167656e63795f72656769737465726564222c22646f63756d656e744964223a22222c22726563697069656e7473223a5b5d2c22636f6e74656e74486173686573223a5b5d2c226f7574636f6d65223a226f6b222c2264657461696c223a22227d');
INSERT INTO public.audit_events VALUES (2, 638509068000000000, '', 'operator', 'registry.agency_registered', '', 'ok', '\x7b2276657273696f6e223a312c2273657175656e6365223a322c2274696d65223a22323032342d30352d31305430333a30303a30302e3030303030305a222c226163746f72223a7b226f7267616e4964223a22222c22726f6c65223a226f70657261746f72222c226365727469666963617465536861323536223a22227d2c22616374696f6e223a2272656769737472792e6167656e63795f72656769737465726564222c22646f63756d656e744964223a22222c22726563697069656e7473223a5b5d2c22636f6e74656e74486173686573223a5b5d2c226f7574636f6d65223a226f6b222c2264657461696c223a22227d');
INSERT INTO public.audit_events VALUES (3, 638509068000000000, '', 'operator', 'registry.agency_registered', '', 'ok', '\x7b2276657273696f6e223a312c2273657175656e6365223a332c2274696d65223a22323032342d30352d31305430333a30303a30302e3030303030305a222c226163746f72223a7b226f7267616e4964223a22222c22726f6c65223a226f70657261746f72222c226365727469666963617465536861323536223a22227d2c22616374696f6e223a2272656769737472792e6167656e63795f72656769737465726564222c22646f63756d656e744964223a22222c22726563697069656e7473223a5b5d2c22636f6e74656e74486173686573223a5b5d2c226f7574636f6d65223a226f6b222c2264657461696c223a22227d');
INSERT INTO public.audit_events VALUES (4, 638509068000000000, '', 'operator', 'registry.crl_published', '', 'ok', '\x7b2276657273696f6e223a312c2273657175656e6365223a342c2274696d65223a22323032342d30352d31305430333a30303a30302e3030303030305a222c226163746f72223a7b226f7267616e4964223a22222c22726f6c65223a226f70657261746f72222c226365727469666963617465536861323536223a22227d2c22616374696f6e223a2272656769737472792e63726c5f7075626c6973686564222c22646f63756d656e744964223a22222c22726563697069656e7473223a5b5d2c22636f6e74656e74486173686573223a5b5d2c226f7574636f6d65223a226f6b222c2264657461696c223a22227d');
INSERT INTO public.audit_events VALUES (5, 638509068000000000, '000.00.00.G01', 'agency', 'document.sent', '000.00.00.G01,2024/05/10,existing-1/TEST', 'ok', '\x7b2276657273696f6e223a312c2273657175656e6365223a352c2274696d65223a22323032342d30352d31305430333a30303a30302e3030303030305a222c226163746f72223a7b226f7267616e4964223a223030302e30302e30302e473031222c22726f6c65223a226167656e6379222c226365727469666963617465536861323536223a22227d2c22616374696f6e223a22646f63756d656e742e73656e74222c22646f63756d656e744964223a223030302e30302e30302e4730312c323032342f30352f31302c6578697374696e672d312f54455354222c22726563697069656e7473223a5b5d2c22636f6e74656e74486173686573223a5b5d2c226f7574636f6d65223a226f6b222c2264657461696c223a22227d');
INSERT INTO public.audit_events VALUES (6, 638509068000000000, '000.00.00.G02', 'agency', 'status.posted', '000.00.00.G01,2024/05/10,existing-1/TEST', 'ok', '\x7b2276657273696f6e223a312c2273657175656e6365223a362c2274696d65223a22323032342d30352d31305430333a30303a30302e3030303030305a222c226163746f72223a7b226f7267616e4964223a223030302e30302e30302e473032222c22726f6c65223a226167656e6379222c226365727469666963617465536861323536223a22227d2c22616374696f6e223a227374617475732e706f73746564222c22646f63756d656e744964223a223030302e30302e30302e4730312c323032342f30352f31302c6578697374696e672d312f54455354222c22726563697069656e7473223a5b5d2c22636f6e74656e74486173686573223a5b5d2c226f7574636f6d65223a226f6b222c2264657461696c223a22227d');
INSERT INTO public.audit_events VALUES (7, 638509068000000000, '000.00.00.G01', 'agency', 'document.recipients_updated', '000.00.00.G01,2024/05/10,existing-1/TEST', 'ok', '\x7b2276657273696f6e223a312c2273657175656e6365223a372c2274696d65223a22323032342d30352d31305430333a30303a30302e3030303030305a222c226163746f72223a7b226f7267616e4964223a223030302e30302e30302e473031222c22726f6c65223a226167656e6379222c226365727469666963617465536861323536223a22227d2c22616374696f6e223a22646f63756d656e742e726563697069656e74735f75706461746564222c22646f63756d656e744964223a223030302e30302e30302e4730312c323032342f30352f31302c6578697374696e672d312f54455354222c22726563697069656e7473223a5b5d2c22636f6e74656e74486173686573223a5b5d2c226f7574636f6d65223a226f6b222c2264657461696c223a22227d');


--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.deliveries VALUES ('000.00.00.G01,2024/05/10,existing-1/TEST', '000.00.00.G02', 0, 1, false, 1, 1, NULL);
INSERT INTO public.deliveries VALUES ('000.00.00.G01,2024/05/10,existing-1/TEST', '000.00.00.G03', 1, 0, false, NULL, 1, 638509068000000000);


--
-- Data for Name: document_parts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.document_parts VALUES ('000.00.00.G01,2024/05/10,existing-1/TEST', 0, 'main', 1, 'main.pdf', 'application/pdf', 10, '01eb1f7a93e81d9128bd35dbcf4ed39645ac464d60fd496f21115a3f03b2a33f');


--
-- Data for Name: documents; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.documents OVERRIDING SYSTEM VALUE VALUES (1, '000.00.00.G01,2024/05/10,existing-1/TEST', '000.00.00.G01', 'existing-1', 'Subject of existing-1', 0, NULL, '\x010203', NULL, 638509068000000000);


--
-- Data for Name: inbox_entries; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.inbox_entries OVERRIDING SYSTEM VALUE VALUES (1, '000.00.00.G02', '000.00.00.G01,2024/05/10,existing-1/TEST', 1, NULL, 638509068000000000, 638509068000000000);
INSERT INTO public.inbox_entries OVERRIDING SYSTEM VALUE VALUES (2, '000.00.00.G03', '000.00.00.G01,2024/05/10,existing-1/TEST', 1, NULL, 638509068000000000, 638509068000000000);
INSERT INTO public.inbox_entries OVERRIDING SYSTEM VALUE VALUES (3, '000.00.00.G03', '000.00.00.G01,2024/05/10,existing-1/TEST', 3, 'sent in error', 638509068000000000, 638509068000000000);


--
-- Data for Name: merkle_nodes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.merkle_nodes VALUES (0, 0, '\x20e325f06280f9d0d193fed01a0eda5bef79063f2e602d93e3605cbe825d96ad');


--
-- Data for Name: merkle_tree; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.merkle_tree VALUES (0, 1);


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_migrations VALUES (1, 'exchange core', 639321069085721736);
INSERT INTO public.schema_migrations VALUES (2, 'audit trail: events with leaves, merkle log, checkpoints', 639321069087508339);
INSERT INTO public.schema_migrations VALUES (3, 'audit checkpoints: optional RFC 3161 timestamp token', 639321069087708570);
INSERT INTO public.schema_migrations VALUES (4, 'registry: trusted CAs, CRLs and pinned thumbprints of each agency', 639321069088100629);
INSERT INTO public.schema_migrations VALUES (5, 'registry: pinned thumbprints found by thumbprint', 639321069088147321);


--
-- Data for Name: statuses; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.statuses OVERRIDING SYSTEM VALUE VALUES (1, '000.00.00.G01,2024/05/10,existing-1/TEST', '000.00.00.G01', '000.00.00.G02', '000.00.00.G02', 1, '', 638509068000000000, 638509068000000000, '', '', '', '', 'status-1');


--
-- Data for Name: trace_hops; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.trace_hops VALUES ('000.00.00.G01,2024/05/10,existing-1/TEST', 0, '000.00.00.G01', 638509068000000000);


--
-- Name: audit_checkpoints_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_checkpoints_id_seq', 1, false);


--
-- Name: documents_position_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.documents_position_seq', 1, true);


--
-- Name: inbox_entries_cursor_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.inbox_entries_cursor_seq', 3, true);


--
-- Name: statuses_sequence_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.statuses_sequence_seq', 1, true);


--
-- Name: agencies agencies_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agencies
    ADD CONSTRAINT agencies_pkey PRIMARY KEY (code);


--
-- Name: agency_crls agency_crls_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agency_crls
    ADD CONSTRAINT agency_crls_pkey PRIMARY KEY (agency_code, issuer_sha256);


--
-- Name: agency_pinned_thumbprints agency_pinned_thumbprints_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agency_pinned_thumbprints
    ADD CONSTRAINT agency_pinned_thumbprints_pkey PRIMARY KEY (agency_code, sha256);


--
-- Name: agency_trusted_cas agency_trusted_cas_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agency_trusted_cas
    ADD CONSTRAINT agency_trusted_cas_pkey PRIMARY KEY (agency_code, sha256);


--
-- Name: audit_checkpoints audit_checkpoints_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_checkpoints
    ADD CONSTRAINT audit_checkpoints_pkey PRIMARY KEY (id);


--
-- Name: audit_counter audit_counter_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_counter
    ADD CONSTRAINT audit_counter_pkey PRIMARY KEY (id);


--
-- Name: audit_event_agencies audit_event_agencies_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event_agencies
    ADD CONSTRAINT audit_event_agencies_pkey PRIMARY KEY (agency_code, sequence);


--
-- Name: audit_events audit_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT audit_events_pkey PRIMARY KEY (sequence);


--
-- Name: deliveries deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (document_id, recipient_code);


--
-- Name: document_parts document_parts_document_id_part_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_parts
    ADD CONSTRAINT document_parts_document_id_part_id_key UNIQUE (document_id, part_id);


--
-- Name: document_parts document_parts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_parts
    ADD CONSTRAINT document_parts_pkey PRIMARY KEY (document_id, ordinal);


--
-- Name: documents documents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY ("position");


--
-- Name: inbox_entries inbox_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inbox_entries
    ADD CONSTRAINT inbox_entries_pkey PRIMARY KEY (cursor);


--
-- Name: merkle_nodes merkle_nodes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.merkle_nodes
    ADD CONSTRAINT merkle_nodes_pkey PRIMARY KEY (level, node_index);


--
-- Name: merkle_tree merkle_tree_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.merkle_tree
    ADD CONSTRAINT merkle_tree_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: statuses statuses_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.statuses
    ADD CONSTRAINT statuses_pkey PRIMARY KEY (sequence);


--
-- Name: trace_hops trace_hops_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trace_hops
    ADD CONSTRAINT trace_hops_pkey PRIMARY KEY (document_id, ordinal);


--
-- Name: documents ux_documents_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT ux_documents_id UNIQUE (document_id);


--
-- Name: documents ux_documents_message; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT ux_documents_message UNIQUE (sender_code, message_id);


--
-- Name: agency_pinned_thumbprints_by_sha256; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agency_pinned_thumbprints_by_sha256 ON public.agency_pinned_thumbprints USING btree (sha256);


--
-- Name: ix_agencies_parent; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_agencies_parent ON public.agencies USING btree (parent_code, code);


--
-- Name: ix_audit_checkpoints_size; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_checkpoints_size ON public.audit_checkpoints USING btree (tree_size, id);


--
-- Name: ix_audit_events_action; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_events_action ON public.audit_events USING btree (action, sequence);


--
-- Name: ix_audit_events_document; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_events_document ON public.audit_events USING btree (document_id, sequence) WHERE (document_id <> ''::text);


--
-- Name: ix_audit_events_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_events_time ON public.audit_events USING btree (occurred_at);


--
-- Name: ix_deliveries_recipient; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deliveries_recipient ON public.deliveries USING btree (recipient_code);


--
-- Name: ix_document_parts_sha256; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_document_parts_sha256 ON public.document_parts USING btree (sha256);


--
-- Name: ix_documents_referenced; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_documents_referenced ON public.documents USING btree (referenced_document_id) WHERE (referenced_document_id IS NOT NULL);


--
-- Name: ix_documents_sender; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_documents_sender ON public.documents USING btree (sender_code, "position");


--
-- Name: ix_inbox_delivery; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_inbox_delivery ON public.inbox_entries USING btree (document_id, recipient_code);


--
-- Name: ix_inbox_pending; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_inbox_pending ON public.inbox_entries USING btree (recipient_code, cursor) WHERE (acknowledged_at IS NULL);


--
-- Name: ix_inbox_recipient; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_inbox_recipient ON public.inbox_entries USING btree (recipient_code, cursor);


--
-- Name: ix_statuses_document; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_statuses_document ON public.statuses USING btree (document_id, recipient_code, sequence);


--
-- Name: ix_statuses_sender; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_statuses_sender ON public.statuses USING btree (sender_code, sequence);


--
-- Name: ux_statuses_message; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ux_statuses_message ON public.statuses USING btree (reporter_code, message_id) WHERE (message_id IS NOT NULL);


--
-- Name: agency_crls agency_crls_agency_code_issuer_sha256_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agency_crls
    ADD CONSTRAINT agency_crls_agency_code_issuer_sha256_fkey FOREIGN KEY (agency_code, issuer_sha256) REFERENCES public.agency_trusted_cas(agency_code, sha256);


--
-- Name: agency_pinned_thumbprints agency_pinned_thumbprints_agency_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agency_pinned_thumbprints
    ADD CONSTRAINT agency_pinned_thumbprints_agency_code_fkey FOREIGN KEY (agency_code) REFERENCES public.agencies(code);


--
-- Name: agency_trusted_cas agency_trusted_cas_agency_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agency_trusted_cas
    ADD CONSTRAINT agency_trusted_cas_agency_code_fkey FOREIGN KEY (agency_code) REFERENCES public.agencies(code);


--
-- Name: deliveries deliveries_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.documents(document_id);


--
-- Name: deliveries deliveries_recipient_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_recipient_code_fkey FOREIGN KEY (recipient_code) REFERENCES public.agencies(code);


--
-- Name: document_parts document_parts_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_parts
    ADD CONSTRAINT document_parts_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.documents(document_id);


--
-- Name: documents documents_sender_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_sender_code_fkey FOREIGN KEY (sender_code) REFERENCES public.agencies(code);


--
-- Name: inbox_entries inbox_entries_document_id_recipient_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inbox_entries
    ADD CONSTRAINT inbox_entries_document_id_recipient_code_fkey FOREIGN KEY (document_id, recipient_code) REFERENCES public.deliveries(document_id, recipient_code);


--
-- Name: statuses statuses_document_id_recipient_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.statuses
    ADD CONSTRAINT statuses_document_id_recipient_code_fkey FOREIGN KEY (document_id, recipient_code) REFERENCES public.deliveries(document_id, recipient_code);


--
-- Name: trace_hops trace_hops_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trace_hops
    ADD CONSTRAINT trace_hops_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.documents(document_id);


--
-- PostgreSQL database dump complete
--



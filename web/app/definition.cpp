// The definition editor's data flow: loading the draft, sending batches one at a time, applying
// the server's order from the stream, presence heartbeats, undo/redo, and the impact preview.
#include "app/definition.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/api_client.h"
#include "app/state.h"
#include "platform/platform.h"
#include "tandem/codec.h"
#include "tandem/facts_table.h"

namespace tandem {

namespace {

constexpr double kPresenceHeartbeat = 10.0;       // seconds; the server forgets an editor after 30
constexpr double kServerPreviewDelay = 0.3;       // debounce for the server-side preview

bool OnEditor(const AppState& state) {
    return state.route.view == View::Definition && state.session.status == Session::Status::SignedIn;
}

std::string RandomClientId() {
    // Unique enough among a team's open tabs; the server keys presence and batches by it.
    static const std::string id = [] {
        double now = platform::WallSeconds();
        unsigned seed = static_cast<unsigned>(static_cast<long long>(now * 1000.0) % 2147483647);
        std::string out = "ed-";
        for (int i = 0; i < 10; ++i) {
            seed = seed * 1103515245u + 12345u;
            out += "abcdefghijkmnpqrstuvwxyz23456789"[(seed >> 16) % 32];
        }
        return out;
    }();
    return id;
}

// A POST's answer is given to the replica once it is not ahead of the confirmed revision; until then
// the stream brings what comes before it (giving it earlier would force a reload).
void DeliverAnswers(DefinitionState& d) {
    for (std::size_t i = 0; i < d.held_answers.size();) {
        if (d.held_answers[i].revision <= d.replica.Revision() + 1) {
            AcceptedBatch answer = std::move(d.held_answers[i]);
            d.held_answers.erase(d.held_answers.begin() + static_cast<std::ptrdiff_t>(i));
            if (!d.replica.Receive(answer)) d.loaded = false;
            i = 0;
        } else {
            ++i;
        }
    }
    for (std::string& reason : d.replica.TakeDropped()) d.notices.push_back("Your change was dropped: " + reason);
    if (d.sync != DraftSync::Offline) d.sync = d.replica.PendingBatches() > 0 ? DraftSync::Syncing : DraftSync::Saved;
}

void LoadDraft(AppState& state, ApiClient& api) {
    DefinitionState& d = state.definition;
    if (d.loading) return;
    d.loading = true;
    api.Get("/api/definitions/draft", [](AppState& s, const ApiResult& result) {
        DefinitionState& def = s.definition;
        def.loading = false;
        if (!result.Ok()) {
            def.error = result.ErrorMessage();
            def.sync = result.status == 0 ? DraftSync::Offline : def.sync;
            return;
        }
        try {
            nlohmann::json body = nlohmann::json::parse(result.body);
            def.version = body.at("version").get<std::int64_t>();
            def.status = ParseEnum<DefinitionStatus>(body.at("status").get<std::string>()).value_or(DefinitionStatus::Draft);
            // Unsent local edits survive a reload: they are re-applied on the fresh document.
            def.replica.Reset(DraftDocumentFromJson(body.at("document")), body.at("revision").get<std::int64_t>());
            def.presence = PresenceFromJson(body.at("presence"));
            def.loaded = true;
            def.shown = true;
            def.error.clear();
            def.sync = DraftSync::Saved;
            DeliverAnswers(def);
        } catch (const std::exception& e) {
            def.error = std::string("unreadable draft: ") + e.what();
        }
    });
}

void SendPending(AppState& state, ApiClient& api) {
    DefinitionState& d = state.definition;
    std::optional<OpBatch> batch = d.replica.TakeBatchToSend();
    if (!batch) return;
    d.sync = DraftSync::Syncing;
    api.Send("POST", "/api/definitions/draft/ops", ToJson(*batch), [](AppState& s, const ApiResult& result) {
        DefinitionState& def = s.definition;
        if (result.status == 0) {
            def.replica.SendFailed();   // queued; sent again when the server answers
            def.sync = DraftSync::Offline;
            return;
        }
        if (!result.Ok()) {
            // The draft was frozen or replaced meanwhile: start again from the server's copy.
            def.replica.SendFailed();
            def.notices.push_back("Your edit was not saved: " + result.ErrorMessage());
            def.loaded = false;
            return;
        }
        try {
            def.held_answers.push_back(AcceptedBatchFromJson(nlohmann::json::parse(result.body)));
        } catch (const std::exception& e) {
            def.notices.push_back(std::string("unreadable answer: ") + e.what());
            def.loaded = false;
        }
        if (def.sync == DraftSync::Offline) def.sync = DraftSync::Syncing;
        DeliverAnswers(def);
    });
}

void SendPresence(AppState& state, ApiClient& api, bool leaving) {
    DefinitionState& d = state.definition;
    d.presence_dirty = false;
    d.presence_sent_at = state.now;
    nlohmann::json body = {{"client_id", d.replica.ClientId()}, {"criterion_id", d.focus}, {"editing", d.editing}};
    if (leaving) body["leaving"] = true;
    api.Send("POST", "/api/definitions/draft/presence", body, [](AppState&, const ApiResult&) {});
}

void LoadVersions(AppState& state, ApiClient& api) {
    Remote<std::vector<LeadDefinition>>& versions = state.definition.versions;
    if (!versions.Wants("/api/definitions")) return;
    versions.Begin("/api/definitions", state.now);
    api.Get("/api/definitions", [](AppState& s, const ApiResult& result) {
        if (!result.Ok()) return s.definition.versions.Fail(result.ErrorMessage());
        try {
            std::vector<LeadDefinition> list;
            nlohmann::json page = nlohmann::json::parse(result.body);
            for (const nlohmann::json& item : page.at("items")) list.push_back(DefinitionFromServerJson(item));
            s.definition.versions.Succeed(std::move(list));
        } catch (const std::exception& e) {
            s.definition.versions.Fail(e.what());
        }
    });
}

// The proposal waiting for its second signature, if any: its activation is previewed.
void LoadActivationPreview(AppState& state, ApiClient& api) {
    DefinitionState& d = state.definition;
    // Only against a fresh list: a version just activated must not be asked about as a proposal.
    if (!d.versions.value || d.versions.stale || d.versions.Loading()) return;
    auto waiting = std::find_if(d.versions.value->begin(), d.versions.value->end(), [](const LeadDefinition& version) {
        return version.status == DefinitionStatus::Proposed && version.approvals.size() == 1;
    });
    if (waiting == d.versions.value->end()) {
        d.activation = {};
        return;
    }
    std::string path = "/api/definitions/" + std::to_string(waiting->version) + "/activation-preview";
    if (!d.activation.Wants(path)) return;
    d.activation.Begin(path, state.now);
    api.Get(path, [path](AppState& s, const ApiResult& result) {
        if (s.definition.activation.key != path) return;
        if (!result.Ok()) return s.definition.activation.Fail(result.ErrorMessage());
        try {
            s.definition.activation.Succeed(ActivationPreviewFromJson(nlohmann::json::parse(result.body)));
        } catch (const std::exception& e) {
            s.definition.activation.Fail(e.what());
        }
    });
}

void LoadPressure(AppState& state, ApiClient& api) {
    Remote<nlohmann::json>& pressure = state.definition.pressure;
    if (!pressure.Wants("/api/definitions/rejection-pressure")) return;
    pressure.Begin("/api/definitions/rejection-pressure", state.now);
    api.Get("/api/definitions/rejection-pressure", [](AppState& s, const ApiResult& result) {
        if (!result.Ok()) return s.definition.pressure.Fail(result.ErrorMessage());
        try {
            s.definition.pressure.Succeed(nlohmann::json::parse(result.body));
        } catch (const std::exception& e) {
            s.definition.pressure.Fail(e.what());
        }
    });
}

void LoadFacts(AppState& state, ApiClient& api) {
    DefinitionState& d = state.definition;
    if (d.server_impact || !d.facts.Wants("/api/definitions/impact-data")) return;
    d.facts.Begin("/api/definitions/impact-data", state.now);
    api.Get("/api/definitions/impact-data", [](AppState& s, const ApiResult& result) {
        DefinitionState& def = s.definition;
        if (result.status == 413) {
            def.server_impact = true;   // too many leads to ship: the server computes the preview
            def.facts.Fail(result.ErrorMessage());
            return;
        }
        if (!result.Ok()) return def.facts.Fail(result.ErrorMessage());
        try {
            ImpactFacts facts;
            facts.leads = FactsTableFromJson(nlohmann::json::parse(result.body));
            facts.facts.reserve(facts.leads.size());
            for (const Lead& lead : facts.leads) facts.facts.push_back(FactsOf(lead, facts.pool));
            def.facts.Succeed(std::move(facts));
            def.preview_for.clear();   // recompute on the new facts
        } catch (const std::exception& e) {
            def.facts.Fail(e.what());
        }
    });
}

ImpactCounts CountsFromJson(const nlohmann::json& in) {
    ImpactCounts counts;
    counts.leads = in.at("leads").get<std::int64_t>();
    counts.active_mql = in.at("active_mql").get<std::int64_t>();
    counts.draft_mql = in.at("draft_mql").get<std::int64_t>();
    counts.active_sales_ready = in.at("active_sales_ready").get<std::int64_t>();
    counts.draft_sales_ready = in.at("draft_sales_ready").get<std::int64_t>();
    counts.gained_mql = in.at("gained_mql").get<std::int64_t>();
    counts.lost_mql = in.at("lost_mql").get<std::int64_t>();
    counts.gained_sales_ready = in.at("gained_sales_ready").get<std::int64_t>();
    counts.lost_sales_ready = in.at("lost_sales_ready").get<std::int64_t>();
    return counts;
}

void UpdatePreview(AppState& state, ApiClient& api) {
    DefinitionState& d = state.definition;
    const LeadDefinition* active = ActiveVersion(d);
    if (!d.loaded || !active) return;
    // What is being typed counts at once, before it is committed and sent.
    DraftDocument typed = d.replica.View();
    if (d.typing) ApplyOp(typed, *d.typing);
    const DefinitionRules& rules = typed.rules;
    std::string key = DumpJson(ToJson(rules));
    if (key == d.preview_for) return;
    if (!d.server_impact) {
        if (!d.facts.value) return;
        const ImpactFacts& facts = *d.facts.value;
        double started = platform::NowSeconds();
        Timestamp now = static_cast<Timestamp>(state.wall_now);
        CompiledRules before(active->rules, facts.pool);
        CompiledRules after(rules, facts.pool);
        ImpactPreview preview;
        preview.impact = ComputeImpact(before, after, facts.facts, now);
        for (const ImpactSample& sample : preview.impact.samples) {
            preview.sample_ids.push_back(facts.leads[sample.lead_index].id);
            preview.sample_leads.push_back(facts.leads[sample.lead_index]);
        }
        preview.milliseconds = (platform::NowSeconds() - started) * 1000.0;
        preview.leads = facts.leads.size();
        d.preview = std::move(preview);
        d.preview_for = key;
        return;
    }
    // Server-side: debounced while typing, one request at a time.
    if (d.preview_in_flight) return;
    if (d.preview_requested_at == 0) {
        d.preview_requested_at = state.now;
        return;
    }
    if (state.now - d.preview_requested_at < kServerPreviewDelay) return;
    d.preview_in_flight = true;
    d.preview_requested_at = 0;
    double started = state.now;
    api.Send("POST", "/api/definitions/impact", ToJson(rules), [key, started](AppState& s, const ApiResult& result) {
        DefinitionState& def = s.definition;
        def.preview_in_flight = false;
        if (!result.Ok()) {
            def.notices.push_back("The impact preview failed: " + result.ErrorMessage());
            def.preview_for = key;
            return;
        }
        try {
            nlohmann::json body = nlohmann::json::parse(result.body);
            ImpactPreview preview;
            preview.from_server = true;
            preview.impact.total = CountsFromJson(body.at("total"));
            for (const nlohmann::json& item : body.at("by_source")) {
                Source source = ParseEnum<Source>(item.at("source").get<std::string>()).value_or(Source::Other);
                preview.impact.by_source.emplace_back(source, CountsFromJson(item.at("counts")));
            }
            for (const nlohmann::json& sample : body.at("samples")) {
                preview.sample_ids.push_back(sample.at("lead_id").get<std::int64_t>());
                ImpactSample entry;
                entry.before = ParseEnum<Level>(sample.at("before").get<std::string>()).value_or(Level::None);
                entry.after = ParseEnum<Level>(sample.at("after").get<std::string>()).value_or(Level::None);
                preview.impact.samples.push_back(entry);
            }
            preview.leads = static_cast<std::size_t>(preview.impact.total.leads);
            preview.milliseconds = (s.now - started) * 1000.0;
            def.preview = std::move(preview);
            def.preview_for = key;
        } catch (const std::exception& e) {
            def.notices.push_back(std::string("unreadable preview: ") + e.what());
            def.preview_for = key;
        }
    });
}

void Edit(DefinitionState& d, const DraftEdit& edit, std::vector<DraftEdit>& history) {
    std::vector<OpOutcome> outcomes = d.replica.Edit(edit.ops);
    for (const OpOutcome& outcome : outcomes)
        if (!outcome.empty()) d.notices.push_back(outcome);
    history.push_back(edit);
}

}  // namespace

const LeadDefinition* ActiveVersion(const DefinitionState& state) {
    if (!state.versions.value) return nullptr;
    for (const LeadDefinition& definition : *state.versions.value)
        if (definition.status == DefinitionStatus::Active) return &definition;
    return nullptr;
}

void SyncDefinition(AppState& state, ApiClient& api) {
    DefinitionState& d = state.definition;
    bool on_editor = OnEditor(state);
    if (!on_editor) {
        // Leaving the editor: others stop seeing us at once instead of after the timeout.
        if (d.loaded && d.presence_sent_at > 0 && state.session.status == Session::Status::SignedIn) {
            SendPresence(state, api, true);
            d.presence_sent_at = -100;
        }
        return;
    }
    if (d.replica.ClientId() == "client") d.replica = DraftReplica(RandomClientId());
    if (!d.loaded) {
        LoadDraft(state, api);
        return;
    }
    LoadVersions(state, api);
    LoadActivationPreview(state, api);
    LoadPressure(state, api);
    LoadFacts(state, api);
    // While offline, edits queue; the connection monitor's retries tell us when to send again.
    if (d.sync != DraftSync::Offline || state.connection.status == ConnectionStatus::Online) SendPending(state, api);
    if (d.presence_dirty || state.now - d.presence_sent_at >= kPresenceHeartbeat) SendPresence(state, api, false);
    UpdatePreview(state, api);
}

namespace {

// Typed values go out at most this often: each keystroke reaches the other editor, a burst of them
// not as a burst of requests.
constexpr double kTypedSendSeconds = 0.15;

bool SameTarget(const DraftOp& a, const DraftOp& b) {
    return a.kind == b.kind && a.criterion_id == b.criterion_id && a.property == b.property;
}

// What is typed goes out as it is typed, at most every kTypedSendSeconds, so the other leader sees
// each value (and its impact) while it is typed; the whole typing is one step to undo. Returns
// whether it applied intents.edit (the field left with keys not sent yet).
bool CarryTyping(AppState& state, const DefinitionIntents& intents) {
    DefinitionState& d = state.definition;
    d.typing = intents.typing ? std::optional<DraftOp>(intents.typing->ops.front()) : std::nullopt;
    bool took_edit = false;
    bool ended = d.live && (!d.typing || !SameTarget(d.live->sent, *d.typing));
    if (ended) {
        took_edit = intents.edit && !intents.edit->ops.empty() && SameTarget(intents.edit->ops.front(), d.live->sent);
        if (took_edit) {
            // The field was left with keys not sent yet: that edit carries the undo of the whole typing.
            DraftEdit edit = *intents.edit;
            edit.inverse = d.live->inverse;
            Edit(d, edit, d.undo);
        } else {
            d.undo.push_back({{d.live->sent}, d.live->inverse});
        }
        d.redo.clear();
        d.live.reset();
    }
    if (!d.typing || (d.live && d.live->sent == *d.typing)) return took_edit;
    // Focus alone (nothing typed yet) sends nothing.
    if (!d.live && intents.typing->ops.front().value == intents.typing->inverse.front().value) return took_edit;
    // Within the pause after a send: a later frame sends the newest value.
    if (d.live && state.now - d.live->sent_at < kTypedSendSeconds) return took_edit;
    if (!d.live) d.live = DefinitionState::LiveTyping{*d.typing, intents.typing->inverse, state.now};
    d.live->sent = *d.typing;
    d.live->sent_at = state.now;
    for (const OpOutcome& outcome : d.replica.Edit({*d.typing}))
        if (!outcome.empty()) d.notices.push_back(outcome);
    return took_edit;
}

}  // namespace

void CarryDefinition(AppState& state, ApiClient& api, const DefinitionIntents& intents) {
    DefinitionState& d = state.definition;
    bool edit_taken = CarryTyping(state, intents);
    auto after_change = [](AppState& s, const ApiResult& result) {
        if (!result.Ok()) s.definition.notices.push_back(result.ErrorMessage());
        s.definition.versions.stale = true;
        s.definition.loaded = false;
    };
    if (intents.propose) api.Send("POST", "/api/definitions/draft/propose", nlohmann::json::object(), after_change);
    if (intents.withdraw)
        api.Send("POST", "/api/definitions/" + std::to_string(*intents.withdraw) + "/withdraw", nlohmann::json::object(),
                 after_change);
    if (intents.approve)
        api.Send("POST", "/api/definitions/" + std::to_string(*intents.approve) + "/approve", nlohmann::json::object(),
                 after_change);
    if (intents.edit && !intents.edit->ops.empty() && !edit_taken) {
        Edit(d, *intents.edit, d.undo);
        d.redo.clear();
    }
    if (intents.undo && !d.undo.empty()) {
        DraftEdit last = d.undo.back();
        d.undo.pop_back();
        Edit(d, {last.inverse, last.ops}, d.redo);
    }
    if (intents.redo && !d.redo.empty()) {
        DraftEdit last = d.redo.back();
        d.redo.pop_back();
        Edit(d, {last.inverse, last.ops}, d.undo);
    }
    if (intents.focus && *intents.focus != d.focus) {
        d.focus = *intents.focus;
        d.presence_dirty = true;
    }
    if (intents.editing && *intents.editing != d.editing) {
        d.editing = *intents.editing;
        d.presence_dirty = true;
    }
    if (intents.reload) d.loaded = false;
}

void OnDefinitionEvent(AppState& state, std::string_view type, std::string_view data) {
    DefinitionState& d = state.definition;
    if (type == "reset" || type == "hello") {
        // Batches may have been missed while disconnected: take the server's copy again.
        d.loaded = false;
        d.versions.stale = true;
        return;
    }
    if (type == "presence") {
        try {
            d.presence = PresenceFromJson(nlohmann::json::parse(data).at("clients"));
        } catch (const std::exception&) {
        }
        return;
    }
    if (type == "leads" || type == "lead") {
        d.facts.stale = true;
        d.activation.stale = true;
        return;
    }
    if (type != "definition") return;
    try {
        nlohmann::json event = nlohmann::json::parse(data);
        std::string kind = event.at("kind").get<std::string>();
        if (kind == "ops") {
            if (!d.loaded) return;
            if (!d.replica.Receive(AcceptedBatchFromJson(event.at("batch")))) d.loaded = false;
            DeliverAnswers(d);
        } else {
            // Proposed, withdrawn, approved or activated: the versions and the draft's state changed.
            d.versions.stale = true;
            d.activation.stale = true;
            d.loaded = false;
            if (kind == "activated") {
                d.facts.stale = true;
                d.pressure.stale = true;
            }
        }
    } catch (const std::exception&) {
        d.loaded = false;
    }
}

}  // namespace tandem

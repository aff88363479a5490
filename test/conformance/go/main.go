// The conformance tier's Go half: the official Databricks SDK for Go (pinned in go.mod) against a
// running emulator (DATABRICKS_HOST and DATABRICKS_TOKEN), as go_sdk.test.ts runs it. It checks
// the areas the Python scripts check in depth, through the Go SDK's own types, waiters and error
// values, and exits 1 at the first difference.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/databricks/databricks-sdk-go"
	"github.com/databricks/databricks-sdk-go/apierr"
	"github.com/databricks/databricks-sdk-go/service/dashboards"
	"github.com/databricks/databricks-sdk-go/service/iam"
	"github.com/databricks/databricks-sdk-go/service/sql"
)

const warehouse = "a1b2c3d4e5f60718"

var ctx = context.Background()

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "CONFORMANCE FAILURE: "+format+"\n", args...)
	os.Exit(1)
}

func must[T any](v T, err error) T {
	if err != nil {
		fail("unexpected error: %v", err)
	}
	return v
}

func check(ok bool, format string, args ...any) {
	if !ok {
		fail(format, args...)
	}
}

func hexID(n int) string { return fmt.Sprintf("%032x", n) }

// document is a serialized_space: version 1 or 2, with benchmarks and examples as question/SQL pairs.
func document(version int, benchmarks, examples [][2]string) string {
	flag := "enable_format_assistance"
	if version == 1 {
		flag = "get_example_values"
	}
	doc := map[string]any{
		"version": version,
		"data_sources": map[string]any{"tables": []any{map[string]any{
			"identifier":     "dev.sales.orders",
			"column_configs": []any{map[string]any{"column_name": "amount", flag: true}},
		}}},
	}
	ex := []any{}
	for i, e := range examples {
		ex = append(ex, map[string]any{"id": hexID(100 + i), "question": []string{e[0]}, "sql": []string{e[1]}})
	}
	doc["instructions"] = map[string]any{"example_question_sqls": ex}
	if len(benchmarks) > 0 {
		var qs []any
		for i, b := range benchmarks {
			qs = append(qs, map[string]any{"id": hexID(200 + i), "question": []string{b[0]},
				"answer": []any{map[string]any{"format": "SQL", "content": []string{b[1]}}}})
		}
		doc["benchmarks"] = map[string]any{"questions": qs}
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

func main() {
	w := must(databricks.NewWorkspaceClient(&databricks.Config{AuthType: "pat"}))

	// Who is calling: a token, and OAuth M2M found through the OIDC discovery.
	me := must(w.CurrentUser.Me(ctx, iam.MeRequest{}))
	check(me.UserName == "admin@example.com", "PAT caller: %q", me.UserName)
	m2m := must(databricks.NewWorkspaceClient(&databricks.Config{
		Host: os.Getenv("DATABRICKS_HOST"), Token: "-", AuthType: "oauth-m2m",
		ClientID: "00000000-0000-4000-8000-00000000c1c0", ClientSecret: "emulator-secret-ci-deployer",
	}))
	sp := must(m2m.CurrentUser.Me(ctx, iam.MeRequest{}))
	check(sp.UserName == "00000000-0000-4000-8000-00000000c1c0", "OAuth M2M caller: %q", sp.UserName)

	// Genie spaces.
	v1 := must(w.Genie.CreateSpace(ctx, dashboards.GenieCreateSpaceRequest{WarehouseId: warehouse, SerializedSpace: document(1, nil, nil), Title: "v1"}))
	got := must(w.Genie.GetSpace(ctx, dashboards.GenieGetSpaceRequest{SpaceId: v1.SpaceId, IncludeSerializedSpace: true}))
	var stored map[string]any
	check(json.Unmarshal([]byte(got.SerializedSpace), &stored) == nil && stored["version"] == float64(2), "v1 reads back as v2")
	check(got.Etag != "" && got.Etag != v1.Etag, "the migration moves the etag")
	check(got.CreateTime != nil, "create_time parses as a time")
	plain := must(w.Genie.GetSpaceBySpaceId(ctx, v1.SpaceId))
	check(plain.SerializedSpace == "" && plain.Etag == "", "GET without the document has neither document nor etag")
	renamed := must(w.Genie.UpdateSpace(ctx, dashboards.GenieUpdateSpaceRequest{SpaceId: v1.SpaceId, Title: "renamed"}))
	check(renamed.Title == "renamed" && renamed.Etag == got.Etag, "a title-only update keeps the etag")
	_, err := w.Genie.UpdateSpace(ctx, dashboards.GenieUpdateSpaceRequest{SpaceId: v1.SpaceId, SerializedSpace: document(2, nil, nil), Etag: v1.Etag})
	check(errors.Is(err, apierr.ErrResourceConflict), "a stale etag is ErrResourceConflict: %v", err)
	_, err = w.Genie.CreateSpace(ctx, dashboards.GenieCreateSpaceRequest{WarehouseId: "0123456789abcdef", SerializedSpace: document(2, nil, nil)})
	check(errors.Is(err, apierr.ErrInvalidParameterValue), "an unknown warehouse is ErrInvalidParameterValue: %v", err)

	ids := map[string]bool{v1.SpaceId: true}
	for i := 0; i < 4; i++ {
		ids[must(w.Genie.CreateSpace(ctx, dashboards.GenieCreateSpaceRequest{WarehouseId: warehouse, SerializedSpace: document(2, nil, nil)})).SpaceId] = true
	}
	first := must(w.Genie.ListSpaces(ctx, dashboards.GenieListSpacesRequest{PageSize: 2}))
	check(len(first.Spaces) == 2 && first.NextPageToken != "", "a first page of 2 with a token")
	must(0, w.Genie.TrashSpaceBySpaceId(ctx, first.Spaces[0].SpaceId))
	seen := map[string]bool{first.Spaces[0].SpaceId: true, first.Spaces[1].SpaceId: true}
	for token := first.NextPageToken; token != ""; {
		page := must(w.Genie.ListSpaces(ctx, dashboards.GenieListSpacesRequest{PageSize: 2, PageToken: token}))
		for _, s := range page.Spaces {
			check(!seen[s.SpaceId], "space %s listed twice", s.SpaceId)
			seen[s.SpaceId] = true
		}
		token = page.NextPageToken
	}
	check(len(seen) == len(ids), "every space listed once across pages: %d of %d", len(seen), len(ids))
	_, err = w.Genie.GetSpaceBySpaceId(ctx, first.Spaces[0].SpaceId)
	check(apierr.IsMissing(err), "a trashed space is missing: %v", err)
	err = w.Genie.TrashSpaceBySpaceId(ctx, first.Spaces[0].SpaceId)
	check(errors.Is(err, apierr.ErrPermissionDenied), "trashing it again is ErrPermissionDenied: %v", err)

	// Permissions.
	levels := must(w.Permissions.GetPermissionLevelsByRequestObjectTypeAndRequestObjectId(ctx, "genie", v1.SpaceId))
	check(len(levels.PermissionLevels) == 4, "four genie levels: %v", levels.PermissionLevels)
	acl := must(w.Permissions.Set(ctx, iam.SetObjectPermissions{RequestObjectType: "genie", RequestObjectId: v1.SpaceId,
		AccessControlList: []iam.AccessControlRequest{{GroupName: "analysts", PermissionLevel: iam.PermissionLevelCanRun}}}))
	check(acl.ObjectType == "genie" && len(acl.AccessControlList) >= 1, "set answers the genie ACL")
	wacl := must(w.Permissions.Get(ctx, iam.GetPermissionRequest{RequestObjectType: "warehouses", RequestObjectId: warehouse}))
	check(wacl.ObjectId == "/sql/warehouses/"+warehouse, "warehouse object_id: %s", wacl.ObjectId)

	// Warehouses, with the SDK's waiter.
	made := must(w.Warehouses.CreateAndWait(ctx, sql.CreateWarehouseRequest{Name: "go", ClusterSize: "Small", MaxNumClusters: 1,
		WarehouseType: sql.CreateWarehouseRequestWarehouseTypePro}))
	check(made.State == sql.StateRunning, "create and wait ends RUNNING: %s", made.State)
	must(0, w.Warehouses.DeleteById(ctx, made.Id))

	// Evaluation runs.
	space := must(w.Genie.CreateSpace(ctx, dashboards.GenieCreateSpaceRequest{WarehouseId: warehouse,
		SerializedSpace: document(2, [][2]string{{"How many?", "SELECT COUNT(*) FROM dev.sales.orders"}, {"Other", "SELECT 1"}},
			[][2]string{{"Count", "select count(*) from dev.sales.orders;"}})}))
	run := must(w.Genie.GenieCreateEvalRun(ctx, dashboards.GenieCreateEvalRunRequest{SpaceId: space.SpaceId}))
	check(run.NumQuestions == 2 && run.RunByUser > 0 && run.CreatedTimestamp > 0, "a run of 2 questions, numeric user and time")
	deadline := time.Now().Add(30 * time.Second)
	for run.EvalRunStatus != dashboards.EvaluationStatusTypeDone {
		check(time.Now().Before(deadline), "the run never finished: %s", run.EvalRunStatus)
		time.Sleep(100 * time.Millisecond)
		run = must(w.Genie.GenieGetEvalRun(ctx, dashboards.GenieGetEvalRunRequest{SpaceId: space.SpaceId, EvalRunId: run.EvalRunId}))
	}
	check(run.NumDone == 2 && run.NumCorrect == 1, "done %d, correct %d", run.NumDone, run.NumCorrect)
	results := must(w.Genie.GenieListEvalResults(ctx, dashboards.GenieListEvalResultsRequest{SpaceId: space.SpaceId, EvalRunId: run.EvalRunId}))
	check(len(results.EvalResults) == 2, "two results")
	details := must(w.Genie.GenieGetEvalResultDetails(ctx, dashboards.GenieGetEvalResultDetailsRequest{SpaceId: space.SpaceId,
		EvalRunId: run.EvalRunId, ResultId: results.EvalResults[1].ResultId}))
	check(details.Assessment == dashboards.GenieEvalAssessmentBad && len(details.AssessmentReasons) == 1 &&
		details.AssessmentReasons[0] == dashboards.ScoreReasonEmptyResult, "the second is BAD, EMPTY_RESULT: %v %v", details.Assessment, details.AssessmentReasons)

	// A conversation, with the SDK's waiter.
	msg := must(w.Genie.StartConversationAndWait(ctx, dashboards.GenieStartConversationMessageRequest{SpaceId: space.SpaceId, Content: "count"}))
	check(msg.Status == dashboards.MessageStatusCompleted && len(msg.Attachments) == 1 && msg.Attachments[0].Query != nil,
		"answered with a query: %v", msg.Attachments)

	fmt.Println("conformance ok: Go SDK")
}

package magazineapi

import "stepperslife/internal/kit/words"

// Words are what people read for the values this API sends, by the kind of value:
// "article" (an article's status, and SCHEDULED for a submitted article an editor
// approved for later), "revision", "action" (a move in the history of an article, a
// legend or a memory), "memory" (a memory's status), "legend" (a legend's kind) and
// "category". The magazine's pages and the portal's use the same words.
var Words = words.Vocabulary{
	"article": {
		"DRAFT":     {Text: "Draft", Tone: words.Neutral},
		"SUBMITTED": {Text: "With the editors", Tone: words.Wait},
		"SCHEDULED": {Text: "Scheduled", Tone: words.Active},
		"PUBLISHED": {Text: "Published", Tone: words.Good},
		"REJECTED":  {Text: "Sent back", Tone: words.Bad},
		"ARCHIVED":  {Text: "Archived", Tone: words.Neutral},
	},
	"revision": {
		"PENDING":   {Text: "Waiting for an editor", Tone: words.Wait},
		"APPROVED":  {Text: "Approved", Tone: words.Good},
		"DISCARDED": {Text: "Discarded", Tone: words.Neutral},
		"REPLACED":  {Text: "Earlier text", Tone: words.Neutral},
	},
	"action": {
		"create":           {Text: "started the draft", Tone: words.Neutral},
		"submit":           {Text: "sent it to the editors", Tone: words.Wait},
		"schedule":         {Text: "scheduled it", Tone: words.Active},
		"publish":          {Text: "published it", Tone: words.Good},
		"reject":           {Text: "sent it back", Tone: words.Bad},
		"redraft":          {Text: "revised it as a draft", Tone: words.Neutral},
		"revise":           {Text: "revised the published text", Tone: words.Wait},
		"edit":             {Text: "edited the published text", Tone: words.Neutral},
		"approve_revision": {Text: "approved a revision", Tone: words.Good},
		"discard_revision": {Text: "discarded a revision", Tone: words.Neutral},
		"restore":          {Text: "restored an earlier text", Tone: words.Neutral},
		"feature":          {Text: "featured it", Tone: words.Good},
		"unfeature":        {Text: "stopped featuring it", Tone: words.Neutral},
		"archive":          {Text: "archived it", Tone: words.Neutral},
		"add_coauthor":     {Text: "shared it with a co-author", Tone: words.Neutral},
		"remove_coauthor":  {Text: "stopped sharing it with a co-author", Tone: words.Neutral},
		"create_legend":    {Text: "added the legend", Tone: words.Neutral},
		"edit_legend":      {Text: "edited the legend's page", Tone: words.Neutral},
		"portrait":         {Text: "set the portrait", Tone: words.Neutral},
		"share_memory":     {Text: "shared the memory", Tone: words.Wait},
		"approve_memory":   {Text: "approved the memory", Tone: words.Good},
		"decline_memory":   {Text: "declined the memory", Tone: words.Bad},
		"take_down_memory": {Text: "took the memory down", Tone: words.Bad},
	},
	"memory": {
		"PENDING":  {Text: "Waiting for an editor", Tone: words.Wait},
		"APPROVED": {Text: "On the legend's page", Tone: words.Good},
		"DECLINED": {Text: "Not published", Tone: words.Bad},
	},
	"legend": {
		"DANCER": {Text: "Dancer", Tone: words.Neutral},
		"DJ":     {Text: "DJ", Tone: words.Neutral},
		"CLUB":   {Text: "Club", Tone: words.Neutral},
	},
	"category": {
		"NEWS":       {Text: "News", Tone: words.Neutral},
		"EVENTS":     {Text: "Events", Tone: words.Neutral},
		"INTERVIEWS": {Text: "Interviews", Tone: words.Neutral},
		"HISTORY":    {Text: "History", Tone: words.Neutral},
		"TUTORIALS":  {Text: "Tutorials", Tone: words.Neutral},
		"LIFESTYLE":  {Text: "Lifestyle", Tone: words.Neutral},
		"FASHION":    {Text: "Fashion", Tone: words.Neutral},
		"MUSIC":      {Text: "Music", Tone: words.Neutral},
		"COMMUNITY":  {Text: "Community", Tone: words.Neutral},
		"OTHER":      {Text: "Other", Tone: words.Neutral},
	},
}

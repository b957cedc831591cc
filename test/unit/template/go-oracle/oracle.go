// The Go side of Hookgate's template checks: Go's own text/template, standard library only.
//
//	oracle serve          renders requests from stdin, one JSON line each, answering one line each
//	oracle record FILE    re-records the "go" result of every case in FILE (test/fixtures/template-go/cases.json)
//
// Strings cross the pipe as "byte strings": a JSON string whose every character is below U+0100
// stands for the bytes with those values, so templates, data and output can hold any bytes,
// invalid UTF-8 included, and the output is compared byte for byte.
package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"text/template"
	"unicode/utf8"
)

// ---- serve ----

type request struct {
	T string          `json:"t"`
	D json.RawMessage `json:"d"`
	O []string        `json:"o"`
	X string          `json:"x"`
}

type reply struct {
	Ok   bool   `json:"ok"`
	Out  string `json:"out"`
	Kind string `json:"kind,omitempty"`
	Err  string `json:"err,omitempty"`
}

func fromByteString(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			panic(fmt.Sprintf("not a byte string: %q", s))
		}
		b = append(b, byte(r))
	}
	return string(b)
}

func toByteString(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

// typed decodes the tagged data form: ["s","bytes"], ["int","-5"], ["int64",…], ["uint8",…],
// ["uint64",…], ["float64","1.5"|"NaN"|"+Inf"|"-Inf"], ["bool",true], ["nil"], ["list",[…]]
// ([]interface{}), ["strings",[…]] ([]string), ["ints",[…]] ([]int), ["map",[[k,v],…]]
// (map[string]interface{}), ["intmap",[[k,v],…]] (map[int]string).
func typed(raw json.RawMessage) interface{} {
	var node []json.RawMessage
	if err := json.Unmarshal(raw, &node); err != nil || len(node) == 0 {
		panic(fmt.Sprintf("bad data node %s", raw))
	}
	var tag string
	must(json.Unmarshal(node[0], &tag))
	str := func() string {
		var s string
		must(json.Unmarshal(node[1], &s))
		return s
	}
	list := func() []json.RawMessage {
		var l []json.RawMessage
		must(json.Unmarshal(node[1], &l))
		return l
	}
	switch tag {
	case "nil":
		return nil
	case "s":
		return fromByteString(str())
	case "bool":
		var b bool
		must(json.Unmarshal(node[1], &b))
		return b
	case "int":
		n, err := strconv.ParseInt(str(), 10, 64)
		must(err)
		return int(n)
	case "int64":
		n, err := strconv.ParseInt(str(), 10, 64)
		must(err)
		return n
	case "uint8":
		n, err := strconv.ParseUint(str(), 10, 8)
		must(err)
		return uint8(n)
	case "uint64":
		n, err := strconv.ParseUint(str(), 10, 64)
		must(err)
		return n
	case "float64":
		switch s := str(); s {
		case "NaN":
			return math.NaN()
		case "+Inf":
			return math.Inf(1)
		case "-Inf":
			return math.Inf(-1)
		default:
			f, err := strconv.ParseFloat(s, 64)
			must(err)
			return f
		}
	case "list":
		out := []interface{}{}
		for _, e := range list() {
			out = append(out, typed(e))
		}
		return out
	case "strings":
		out := []string{}
		for _, e := range list() {
			out = append(out, typed(e).(string))
		}
		return out
	case "ints":
		out := []int{}
		for _, e := range list() {
			out = append(out, typed(e).(int))
		}
		return out
	case "map":
		out := map[string]interface{}{}
		for _, e := range list() {
			var kv []json.RawMessage
			must(json.Unmarshal(e, &kv))
			out[typed(kv[0]).(string)] = typed(kv[1])
		}
		return out
	case "intmap":
		out := map[int]string{}
		for _, e := range list() {
			var kv []json.RawMessage
			must(json.Unmarshal(e, &kv))
			out[typed(kv[0]).(int)] = typed(kv[1]).(string)
		}
		return out
	}
	panic("unknown data tag " + tag)
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// render parses and executes; a panic that escapes text/template (it re-panics runtime errors) is an error too.
func render(text string, data interface{}, options []string, exec string) (out string, kind string, msg string) {
	defer func() {
		if r := recover(); r != nil {
			out, kind, msg = "", "panic", fmt.Sprint(r)
		}
	}()
	t := template.New("template")
	if err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		t.Option(options...)
		return nil
	}(); err != nil {
		return "", "parse", err.Error()
	}
	if _, err := t.Parse(text); err != nil {
		return "", "parse", err.Error()
	}
	var buf bytes.Buffer
	var err error
	if exec != "" {
		err = t.ExecuteTemplate(&buf, exec, data)
	} else {
		err = t.Execute(&buf, data)
	}
	if err != nil {
		return "", "exec", err.Error()
	}
	return buf.String(), "", ""
}

func serve() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<28)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		var req request
		must(json.Unmarshal(in.Bytes(), &req))
		var data interface{}
		if len(req.D) > 0 {
			data = typed(req.D)
		}
		o, kind, msg := render(fromByteString(req.T), data, req.O, fromByteString(req.X))
		if kind == "" {
			must(enc.Encode(reply{Ok: true, Out: toByteString(o)}))
		} else {
			must(enc.Encode(reply{Kind: kind, Err: toByteString(msg)}))
		}
		must(out.Flush())
	}
	must(in.Err())
}

// ---- record ----

type expectation struct {
	Out    *string `json:"out,omitempty"`
	OutHex string  `json:"outHex,omitempty"`
	Err    string  `json:"err,omitempty"`
	Kind   string  `json:"kind,omitempty"`
}

type fixtureCase struct {
	Name      string          `json:"name"`
	Template  string          `json:"template"`
	Data      json.RawMessage `json:"data,omitempty"`
	Options   []string        `json:"options,omitempty"`
	Exec      string          `json:"exec,omitempty"`
	GoVersion string          `json:"goVersion,omitempty"`
	Go        *expectation    `json:"go,omitempty"`
	Deviation string          `json:"deviation,omitempty"`
	Expect    json.RawMessage `json:"expect,omitempty"`
}

func record(file string) {
	raw, err := os.ReadFile(file)
	must(err)
	var cases []fixtureCase
	must(json.Unmarshal(raw, &cases))
	for i := range cases {
		c := &cases[i]
		if c.GoVersion != "" {
			continue // behaviour of a later Go, written by hand
		}
		var data interface{}
		if len(c.Data) > 0 {
			must(json.Unmarshal(c.Data, &data))
		}
		out, kind, msg := render(c.Template, data, c.Options, c.Exec)
		switch {
		case kind != "":
			c.Go = &expectation{Err: msg, Kind: kind}
		case utf8.ValidString(out):
			c.Go = &expectation{Out: &out}
		default:
			// JSON cannot hold invalid UTF-8: the exact bytes, in hex.
			c.Go = &expectation{OutHex: hex.EncodeToString([]byte(out))}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	must(enc.Encode(cases))
	must(os.WriteFile(file, bytes.TrimRight(buf.Bytes(), "\n"), 0o644))
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "serve" {
		serve()
		return
	}
	if len(os.Args) == 3 && os.Args[1] == "record" {
		record(os.Args[2])
		return
	}
	fmt.Fprintln(os.Stderr, "usage: oracle serve | oracle record CASES.json")
	os.Exit(2)
}

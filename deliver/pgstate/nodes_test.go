package pgstate_test

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/nodetest"
	"github.com/bouncekit/bouncekit/deliver/pgstate"
)

// TestNodes runs three Deliverers, each with its own pool, on one
// PostgreSQL database.
func TestNodes(t *testing.T) {
	shared := newPool(t)
	cfg := shared.Config()
	nodetest.Run(t, func(t *testing.T) nodetest.Backend {
		table := newState(t, shared).Table
		return nodetest.Backend{
			Addr: net.JoinHostPort(cfg.ConnConfig.Host, strconv.Itoa(int(cfg.ConnConfig.Port))),
			NewState: func(t *testing.T, addr string) deliver.State {
				c := cfg.Copy()
				host, port, _ := net.SplitHostPort(addr)
				n, _ := strconv.Atoi(port)
				c.ConnConfig.Host, c.ConnConfig.Port, c.ConnConfig.Fallbacks = host, uint16(n), nil
				c.ConnConfig.ConnectTimeout = 500 * time.Millisecond
				c.MaxConns = 4
				p, err := pgxpool.NewWithConfig(context.Background(), c)
				if err != nil {
					t.Fatalf("pgxpool: %v", err)
				}
				t.Cleanup(p.Close)
				return &pgstate.State{DB: p, Table: table}
			},
		}
	})
}
